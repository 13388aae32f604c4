"""Demo conditions written for this project; for demonstration only, not medical advice.

"diagnosis_ages" gives the ages (in whole years) at which demo members were diagnosed, as
(from, to, weight) bands that follow the usual onset of the condition.
"""

from __future__ import annotations

DEMO_CONDITIONS: tuple[dict, ...] = (
    {
        "name": "Neonatal hemochromatosis",
        "synonyms": ["Hemocromatosis neonatal", "Gestational alloimmune liver disease", "GALD", "NH"],
        "description": (
            "A rare, serious liver disease that begins before birth, in which the baby's liver is injured and "
            "iron builds up in tissues outside the liver. Most cases are now linked to a maternal antibody "
            "reaction during pregnancy."
        ),
        "orpha_code": "",
        "icd10_code": "",
        "diagnosis_ages": ((0, 0, 1),),  # diagnosed in the first weeks of life
        "intro": (
            "Neonatal hemochromatosis is a rare condition that shows itself in the first days of life, or "
            "sometimes already in the womb, with severe liver failure and iron deposits in organs such as the "
            "pancreas, heart and salivary glands. For many years its origin was a puzzle, and the name itself "
            "suggested an inherited iron disorder. Research over the past two decades has changed that "
            "picture. Today most specialists see the iron overload as a consequence of liver damage rather "
            "than its cause, and they link the great majority of cases to an immune process during pregnancy "
            "called gestational alloimmune liver disease."
        ),
        "sections": [
            (
                "An immune reaction during pregnancy",
                (
                    "In most families the liver injury appears to start with the mother's immune system. For reasons "
                    "that are not yet clear, it produces antibodies of the IgG class against a protein on the surface "
                    "of the baby's liver cells. These antibodies cross the placenta, as maternal IgG antibodies "
                    "normally do in the later months of pregnancy, and settle on the fetal liver. There they activate "
                    "complement, a part of the immune system that damages cell membranes, and many liver cells are "
                    "lost before birth."
                ),
            ),
            (
                "Why iron builds up",
                (
                    "The fetal liver normally helps to regulate how much iron crosses the placenta, partly through a "
                    "hormone called hepcidin. When the liver is badly damaged, that control weakens and iron keeps "
                    "flowing in. The extra iron then collects in tissues outside the liver, while sparing others. "
                    "Doctors often confirm the diagnosis by finding iron in the small salivary glands of the lip or "
                    "by an MRI scan. Seen this way, the iron pattern is a sign that points to the disease rather than "
                    "its starting point."
                ),
            ),
            (
                "Recurrence in later pregnancies",
                (
                    "One striking feature is how often the condition returns in the same mother. After one affected "
                    "baby, the chance that a later baby is affected is high, often quoted at around 80 to 90 percent "
                    "when no preventive care is given during pregnancy. The risk follows the mother, not the father, "
                    "which fits an immune cause better than an inherited gene. Half-siblings who share the mother can "
                    "be affected, while those who share only the father generally are not. Parents often say this "
                    "pattern was the hardest part to understand."
                ),
            ),
            (
                "Other causes that look similar",
                (
                    "Not every newborn with liver failure and iron overload has the alloimmune form. A smaller group "
                    "of babies show a similar picture because of other problems, such as certain inherited metabolic "
                    "or mitochondrial disorders, infections acquired before birth, or rare genetic conditions "
                    "affecting bile flow or iron handling. Because these causes carry very different outlooks and "
                    "family risks, specialists usually look for them carefully, and genetic testing may be offered "
                    "when the immune explanation does not seem to fit."
                ),
            ),
            (
                "Questions still open",
                (
                    "Several things remain unknown. Researchers have not settled exactly which fetal protein the "
                    "maternal antibodies recognise, nor why only a very small number of mothers react to it. A first "
                    "pregnancy can be affected, so an earlier pregnancy is not needed to set off the reaction. "
                    "Scientists are also studying why the damage is concentrated in the liver and why its severity "
                    "varies so much, since some infants recover with supportive care while others become very ill."
                ),
            ),
        ],
        "conclusion": (
            "In summary, neonatal hemochromatosis is now understood mainly as an immune injury to the baby's "
            "liver that begins in the womb, with iron overload following from the damage. Its strong tendency "
            "to recur in the same mother is one of its defining traits, and rarer causes with a similar "
            "picture also need to be considered. Families facing this diagnosis often value talking with "
            "specialists and with other parents who have been through it."
        ),
    },
    {
        "name": "Autoimmune hepatitis",
        "synonyms": ["AIH", "Hepatitis autoinmune", "Lupoid hepatitis", "Autoimmune chronic active hepatitis"],
        "description": (
            "A long-term liver disease in which the immune system attacks liver cells and causes "
            "inflammation. It can affect children and adults of any background, and women more often than "
            "men."
        ),
        "orpha_code": "2137",
        "icd10_code": "K75.4",
        "diagnosis_ages": ((2, 17, 20), (18, 40, 35), (41, 75, 45)),
        "intro": (
            "Autoimmune hepatitis happens when the body's defences turn against the liver. Immune cells that "
            "should guard against infection start treating liver cells as foreign, and ongoing inflammation "
            "can slowly lead to scarring. It can begin at any age, from childhood to later life. Some people "
            "notice nothing until a routine blood test shows raised liver enzymes, while others become unwell "
            "quite suddenly. No single cause has been found. Instead, researchers describe a mix of inherited "
            "tendency, a possible trigger from the outside world, and a failure of the immune system's usual "
            "brakes."
        ),
        "sections": [
            (
                "Inherited tissue types",
                (
                    "Some people carry versions of the HLA genes, which help the immune system tell self from "
                    "non-self, that turn up more often in autoimmune hepatitis. In people of European ancestry, types "
                    "known as HLA-DR3 and HLA-DR4 have been linked to the disease, while other types matter more in "
                    "other populations. Carrying one of these variants does not mean someone will become ill, and "
                    "many healthy people have them. The genes seem to make the immune system more likely to react to "
                    "liver proteins once something sets it off."
                ),
            ),
            (
                "Possible outside triggers",
                (
                    "Doctors suspect that in a susceptible person an outside event can start the process. Suggested "
                    "triggers include viral infections such as hepatitis A or Epstein-Barr virus, and certain "
                    "medicines, for example nitrofurantoin and minocycline, which can cause a drug-induced illness "
                    "that closely resembles autoimmune hepatitis. One idea is molecular mimicry, where a foreign "
                    "protein looks similar enough to a liver protein that an immune response aimed at the intruder "
                    "also hits the liver. In most people, though, no trigger is ever identified."
                ),
            ),
            (
                "When immune control fails",
                (
                    "The immune system normally relies on regulatory T cells to calm reactions against the body's own "
                    "tissues. In autoimmune hepatitis these controlling cells appear to be fewer or less effective, "
                    "so attacking T cells and antibody-producing B cells keep working against the liver. Blood tests "
                    "often show autoantibodies, such as anti-nuclear or anti-smooth muscle antibodies, along with "
                    "high levels of IgG. These markers help with diagnosis, but they are seen as signs of the "
                    "disturbed immune response rather than the direct cause of injury."
                ),
            ),
            (
                "Links with other autoimmune conditions",
                (
                    "People with autoimmune hepatitis are more likely than average to have, or later develop, other "
                    "autoimmune conditions, such as thyroid disease, coeliac disease, type 1 diabetes or inflammatory "
                    "bowel disease. This clustering, both in individuals and in families, supports the view that a "
                    "general tendency toward autoimmunity is shared. A rare inherited syndrome called APECED, caused "
                    "by changes in the AIRE gene, can include autoimmune hepatitis, and it has helped scientists "
                    "understand how the body normally learns tolerance to its own tissues."
                ),
            ),
        ],
        "conclusion": (
            "In conclusion, autoimmune hepatitis seems to arise when an inherited tendency, a possible "
            "outside trigger and weakened immune control come together, although the trigger often stays "
            "unknown. It is not contagious, and it is not caused by lifestyle factors such as diet or "
            "alcohol. Many people living with it describe regular contact with their liver team as an "
            "important part of understanding their own pattern of the disease."
        ),
    },
    {
        "name": "Cystic fibrosis",
        "synonyms": ["CF", "Fibrosis quística", "Mucoviscidosis", "Mucoviscidose"],
        "description": (
            "An inherited condition caused by changes in the CFTR gene that make mucus and other secretions "
            "thick and sticky. It mainly affects the lungs and the digestive system."
        ),
        "orpha_code": "586",
        "icd10_code": "E84",
        "diagnosis_ages": ((0, 0, 70), (1, 10, 20), (11, 45, 10)),  # most found by newborn screening
        "intro": (
            "Cystic fibrosis is one of the better understood genetic conditions, partly because the gene "
            "behind it was identified as long ago as 1989. It affects the way salt and water move in and out "
            "of the cells that line the airways, pancreas, gut, sweat glands and reproductive tract. When "
            "this movement is disturbed, secretions become thick and hard to clear. In every person the cause "
            "is a change in both copies of one gene, but the exact changes, and how strongly they affect the "
            "body, vary a great deal from one person to another."
        ),
        "sections": [
            (
                "The CFTR gene",
                (
                    "The gene involved is called CFTR. It carries the instructions for a channel protein that sits in "
                    "the cell surface and lets chloride and bicarbonate pass through. Water follows these salts, "
                    "keeping mucus thin and slippery. When the channel is missing, faulty or too scarce, the surface "
                    "layer dries out and mucus becomes sticky. In the lungs this traps germs and leads to repeated "
                    "infections and inflammation. In the pancreas, thick secretions block the small ducts that carry "
                    "digestive enzymes to the gut."
                ),
            ),
            (
                "How it is inherited",
                (
                    "Cystic fibrosis follows an autosomal recessive pattern. A person has it only if they inherit a "
                    "non-working copy of CFTR from each parent. Parents who each carry one changed copy are usually "
                    "healthy and may not know they are carriers. When both parents are carriers, each pregnancy has a "
                    "one in four chance of a child with cystic fibrosis, a one in two chance of a carrier child, and "
                    "a one in four chance of a child with two working copies. Carriers are most frequent among people "
                    "of northern European ancestry."
                ),
            ),
            (
                "Different variants, different effects",
                (
                    "More than two thousand changes in CFTR have been described, though not all of them cause "
                    "disease. The most common, usually called F508del, makes a protein that folds poorly and is "
                    "mostly broken down before it reaches the cell surface. Other variants stop the protein being "
                    "made at all, or produce a channel that reaches the surface but opens poorly. These differences "
                    "help explain why some people have milder lung disease or keep normal pancreatic function, and "
                    "why newer medicines suit some variants and not others."
                ),
            ),
            (
                "Why experiences vary",
                (
                    "Even two siblings with the same CFTR changes can have quite different experiences. Other genes, "
                    "called modifier genes, influence how the lungs and gut respond. Surroundings matter too, "
                    "including exposure to tobacco smoke, air pollution and particular bacteria such as Pseudomonas "
                    "aeruginosa. Access to specialised care from an early age has also changed outcomes greatly over "
                    "the decades. People living with cystic fibrosis often say that the diagnosis tells only part of "
                    "the story, and that daily life depends on many of these factors."
                ),
            ),
        ],
        "conclusion": (
            "In summary, cystic fibrosis is caused by changes in both copies of the CFTR gene, which disturb "
            "the flow of salt and water across cell surfaces and make secretions thick. It is present from "
            "birth and cannot be caught from another person. Differences between variants, other genes and a "
            "person's surroundings all shape how the condition shows itself in each individual."
        ),
    },
    {
        "name": "Huntington's disease",
        "synonyms": ["Huntington disease", "HD", "Enfermedad de Huntington", "Huntington's chorea"],
        "description": (
            "An inherited brain disorder that gradually affects movement, thinking and mood. It is caused by "
            "an expanded repeat in the HTT gene and usually begins in mid-adult life."
        ),
        "orpha_code": "399",
        "icd10_code": "G10",
        "diagnosis_ages": ((8, 19, 5), (20, 29, 10), (30, 55, 70), (56, 80, 15)),
        "intro": (
            "Huntington's disease is a progressive condition of the brain that usually shows its first signs "
            "between the ages of 30 and 50, although it can start in childhood or in old age. It affects the "
            "control of movement, thinking and emotional life, and it often touches several generations of a "
            "family. Unlike many conditions on this site, its cause is known precisely, a single change in "
            "one gene. What is still being studied is how that change damages nerve cells, and why the timing "
            "and pattern of symptoms differ so much between people."
        ),
        "sections": [
            (
                "A repeated stretch of DNA",
                (
                    "The HTT gene contains a short sequence of three DNA letters, C, A and G, repeated many times in "
                    "a row. Most people have fewer than 27 repeats. In Huntington's disease one copy of the gene has "
                    "40 or more, and the protein made from it, called huntingtin, carries an unusually long chain of "
                    "the amino acid glutamine. Counts between 36 and 39 may or may not lead to illness within a "
                    "normal lifespan, while 27 to 35 repeats do not cause the disease but can sometimes lengthen when "
                    "passed on."
                ),
            ),
            (
                "Dominant inheritance",
                (
                    "Only one altered copy is needed to cause the disease, which is called autosomal dominant "
                    "inheritance. Each child of an affected parent has a one in two chance of inheriting the expanded "
                    "gene, whatever their sex. Some people learn about the condition in their family only when a "
                    "parent is diagnosed, and a small number of cases appear without a known family history, "
                    "sometimes because a parent died young or because a repeat grew from the intermediate range. Many "
                    "people describe the decision about predictive testing as deeply personal."
                ),
            ),
            (
                "Repeat length and age of onset",
                (
                    "The repeat can grow when it is passed from parent to child, particularly when it comes from the "
                    "father. Longer repeats tend to go with earlier onset, and very long repeats, often above 60, are "
                    "associated with the juvenile form that begins before the age of 20. Yet repeat length explains "
                    "only part of the variation in age at onset. Large studies have found other genes, many involved "
                    "in DNA repair, that let the repeat expand further inside brain cells over time and push symptoms "
                    "earlier or later."
                ),
            ),
            (
                "How nerve cells are harmed",
                (
                    "The long glutamine chain makes huntingtin prone to misfolding and clumping. Nerve cells in a "
                    "deep brain region called the striatum are especially vulnerable and are gradually lost, followed "
                    "later by cells in other areas. Researchers think several processes contribute, including toxic "
                    "fragments of the protein, problems with energy production, disturbed communication between nerve "
                    "cells and loss of the normal protein's useful roles. Exactly which of these matters most is "
                    "still debated and remains an active area of research."
                ),
            ),
        ],
        "conclusion": (
            "In conclusion, Huntington's disease is caused by an expanded CAG repeat in one copy of the HTT "
            "gene and is passed on in a dominant way. Repeat length, other genes and processes inside nerve "
            "cells all influence when and how it appears. Families often say that understanding the genetics "
            "helps them talk more openly across generations, even though the choices it raises remain "
            "personal."
        ),
    },
    {
        "name": "Ehlers-Danlos syndromes",
        "synonyms": ["EDS", "Síndromes de Ehlers-Danlos", "Hypermobile Ehlers-Danlos syndrome", "hEDS"],
        "description": (
            "A group of inherited connective tissue disorders that can cause joint hypermobility, fragile or "
            "stretchy skin and, in some types, fragile blood vessels. Thirteen types are currently "
            "recognised, with different genetic causes."
        ),
        "orpha_code": "",
        "icd10_code": "Q79.6",
        "diagnosis_ages": ((2, 12, 20), (13, 30, 45), (31, 60, 35)),
        "intro": (
            "The Ehlers-Danlos syndromes are not one condition but a family of them, grouped together because "
            "they all affect connective tissue, the material that gives strength and stretch to skin, joints, "
            "blood vessels and organs. The current international classification, published in 2017, describes "
            "13 types. They range from relatively common forms that mainly cause loose, painful joints to "
            "rare forms with serious risks to arteries or internal organs. The causes differ from type to "
            "type, which is why knowing the specific type matters so much to people in the community."
        ),
        "sections": [
            (
                "Collagen and its partners",
                (
                    "Most types involve collagen, the most abundant protein in the body, or the enzymes and helper "
                    "proteins that build and arrange it. Collagen molecules are twisted together like rope and then "
                    "bundled into fibres. A change in a collagen gene, or in a gene needed to process collagen, can "
                    "produce fibres that are weaker, looser or poorly organised. Depending on which tissues rely most "
                    "on the affected protein, the main problems may show up in the skin, the joints, the blood "
                    "vessels or the eyes."
                ),
            ),
            (
                "Known genes in most types",
                (
                    "For twelve of the thirteen types a genetic cause has been found. Classical EDS is usually linked "
                    "to COL5A1 or COL5A2, which affect type V collagen. Vascular EDS comes from changes in COL3A1, "
                    "the gene for type III collagen, which is important in artery walls and hollow organs. Other rare "
                    "types involve genes such as ADAMTS2, PLOD1 or TNXB. Some types are inherited in a dominant way, "
                    "where one changed copy is enough, and others are recessive, needing changes in both copies."
                ),
            ),
            (
                "The hypermobile type",
                (
                    "Hypermobile EDS is thought to be the most common type, yet its genetic cause is still unknown. "
                    "It often runs in families in a pattern that looks dominant, but no single gene has been "
                    "confirmed, and researchers suspect that several genes may be involved. For now it is diagnosed "
                    "on clinical criteria rather than with a genetic test. Many people describe a long road to "
                    "diagnosis, partly because joint hypermobility on its own is common and overlaps with related "
                    "conditions such as hypermobility spectrum disorders."
                ),
            ),
            (
                "Factors that shape symptoms",
                (
                    "Even within one family and one type, experiences differ widely. Age, hormones, fitness, injuries "
                    "and other health conditions can all influence how much pain, instability or fatigue a person "
                    "has. Many people with hypermobile EDS also report problems with the autonomic nervous system, "
                    "the gut or allergy-like reactions, and researchers are studying how these might connect to the "
                    "underlying tissue differences. These links are not yet well understood, and this is an area "
                    "where patient reports have helped to shape research questions."
                ),
            ),
        ],
        "conclusion": (
            "In summary, the Ehlers-Danlos syndromes are a group of connective tissue conditions, most of "
            "which are caused by known changes in genes for collagen or the proteins that handle it. The "
            "hypermobile type remains the main exception, and the search for its cause continues. Knowing the "
            "specific type helps people and their doctors make sense of the risks that apply to them."
        ),
    },
    {
        "name": "Myasthenia gravis",
        "synonyms": ["MG", "Miastenia gravis", "Myasthénie grave", "Autoimmune myasthenia gravis"],
        "description": (
            "An autoimmune condition in which antibodies disrupt the signal between nerves and muscles, "
            "causing weakness that worsens with use and improves with rest. It often affects the eyes, face "
            "and swallowing muscles."
        ),
        "orpha_code": "589",
        "icd10_code": "G70.0",
        "diagnosis_ages": ((1, 17, 10), (18, 40, 40), (41, 80, 50)),
        "intro": (
            "Myasthenia gravis is an autoimmune disease of the junction where nerves meet muscles. People "
            "with it typically notice that muscles tire abnormally and grow weaker the more they are used, "
            "with drooping eyelids and double vision being common early signs. Weakness can also affect "
            "chewing, swallowing, speech, the arms and legs, and sometimes breathing. It is not inherited in "
            "a simple way and it is not contagious. Researchers know a good deal about the antibodies "
            "involved, but why the immune system starts making them is only partly understood."
        ),
        "sections": [
            (
                "Antibodies at the nerve-muscle junction",
                (
                    "When a nerve tells a muscle to contract, it releases a chemical messenger called acetylcholine, "
                    "which binds to receptors on the muscle surface. In most people with myasthenia gravis the immune "
                    "system makes antibodies against these acetylcholine receptors. The antibodies block the "
                    "receptors, speed up their removal and activate complement, which damages the muscle membrane. "
                    "With fewer working receptors the signal becomes too weak after repeated use, which explains why "
                    "strength fades during activity and returns after rest."
                ),
            ),
            (
                "Other antibody types",
                (
                    "Roughly one in ten to one in five people with the condition do not have acetylcholine receptor "
                    "antibodies. Some of them instead have antibodies against MuSK, a protein that helps to cluster "
                    "the receptors together, and a smaller number have antibodies to LRP4. A remaining group have no "
                    "antibody that current tests can detect and are described as seronegative. These subgroups can "
                    "differ in which muscles are most affected and in how they respond to treatment, so antibody "
                    "testing is part of the usual assessment."
                ),
            ),
            (
                "The role of the thymus",
                (
                    "The thymus, a gland behind the breastbone that trains immune cells early in life, appears to "
                    "play a central part in many cases. In younger people with receptor antibodies the thymus is "
                    "often enlarged and full of active immune tissue, and in about one in ten people with myasthenia "
                    "gravis a thymus tumour called a thymoma is found. Scientists believe the thymus may present "
                    "muscle-like proteins to immune cells in a way that breaks tolerance and starts antibody "
                    "production."
                ),
            ),
            (
                "Genes and other influences",
                (
                    "Myasthenia gravis is not passed directly from parent to child, but certain HLA types and other "
                    "immune genes make it somewhat more likely, and other autoimmune conditions are more common in "
                    "affected families. It is most often diagnosed in women under 40 and in men over 60. Some "
                    "medicines, including certain antibiotics and a newer group of cancer drugs called immune "
                    "checkpoint inhibitors, can unmask or trigger the condition. Patients often describe infections, "
                    "stress and surgery as times when symptoms flare."
                ),
            ),
        ],
        "conclusion": (
            "In conclusion, myasthenia gravis arises when antibodies interfere with the receptors that let "
            "nerves signal to muscles, and the thymus is often involved in starting this process. Inherited "
            "tendency and outside factors add to the risk, but the original trigger is usually unknown. It "
            "differs from congenital myasthenic syndromes, which are separate inherited conditions that "
            "affect the same junction without an immune cause."
        ),
    },
    {
        "name": "Amyotrophic lateral sclerosis",
        "synonyms": ["ALS", "Esclerosis lateral amiotrófica", "Motor neurone disease", "Lou Gehrig's disease"],
        "description": (
            "A progressive disease in which the nerve cells that control voluntary muscles are gradually "
            "lost, leading to weakness and to difficulty speaking, swallowing and breathing. Most cases have "
            "no known cause."
        ),
        "orpha_code": "803",
        "icd10_code": "G12.2",
        "diagnosis_ages": ((25, 44, 10), (45, 75, 80), (76, 80, 10)),
        "intro": (
            "Amyotrophic lateral sclerosis, known in some countries as motor neurone disease, affects the "
            "motor neurons, the nerve cells in the brain and spinal cord that carry instructions to the "
            "muscles. As these cells stop working and die, muscles weaken and waste. The condition usually "
            "begins in mid to later adult life and progresses over time, though the pace varies widely. For "
            "most people the cause cannot be pinned down. Research has found many genes and biological "
            "pathways involved, which suggests that ALS may be several related diseases that end in a similar "
            "way."
        ),
        "sections": [
            (
                "Sporadic and familial forms",
                (
                    "About nine in ten people with ALS have no relative with the disease, which is called sporadic "
                    "ALS. The remaining one in ten or so have a family history, known as familial ALS. The dividing "
                    "line is not sharp, because gene changes linked to familial ALS are also found in some people "
                    "with no known family history. In most familial cases inheritance is dominant, meaning a parent "
                    "with the gene change has a one in two chance of passing it to each child, although not every "
                    "carrier develops the disease."
                ),
            ),
            (
                "Genes linked to ALS",
                (
                    "More than thirty genes have been connected with ALS. The most common cause in people of European "
                    "ancestry is an expanded repeat in a gene called C9orf72, which is also a major cause of "
                    "frontotemporal dementia, a condition affecting behaviour and language. Other well-known genes "
                    "include SOD1, TARDBP and FUS. Changes in these genes point to several weak spots in motor "
                    "neurons, including how proteins are folded and cleared, how RNA is handled and how the long "
                    "nerve fibres are maintained."
                ),
            ),
            (
                "Protein clumps in nerve cells",
                (
                    "In almost all people with ALS, whatever the cause, a protein called TDP-43 leaves its normal "
                    "place in the cell nucleus and forms clumps in the surrounding cytoplasm. The main exceptions are "
                    "forms caused by SOD1 or FUS changes, which show clumps of those proteins instead. Losing TDP-43 "
                    "from the nucleus disturbs the processing of many other genes. Support cells in the nervous "
                    "system, including astrocytes and microglia, also seem to add to the damage, so ALS is no longer "
                    "seen as a problem of motor neurons alone."
                ),
            ),
            (
                "Environmental factors under study",
                (
                    "Researchers have looked at many possible outside influences, and the evidence for most is mixed. "
                    "Factors reported more often include military service, smoking, exposure to certain pesticides, "
                    "solvents and heavy metals, and repeated head injury, though none has been shown to cause ALS on "
                    "its own. One widely discussed idea is that a person's genes set a level of vulnerability and "
                    "that several exposures over a lifetime add up until a threshold is crossed. This multi-step "
                    "model is still being tested."
                ),
            ),
        ],
        "conclusion": (
            "In summary, ALS results from the gradual loss of motor neurons, and for most people no single "
            "reason can be found. About one in ten cases runs in families, and a growing list of genes, "
            "together with shared features such as TDP-43 clumps, is helping scientists understand the "
            "disease. Many people living with ALS and their families take part in research registries that "
            "aim to close these gaps."
        ),
    },
    {
        "name": "Sjögren's disease",
        "synonyms": ["Sjögren's syndrome", "Sjogren syndrome", "Síndrome de Sjögren", "Sicca syndrome"],
        "description": (
            "A long-term autoimmune disease that mainly targets the glands making tears and saliva, causing "
            "dry eyes and a dry mouth. It can also affect joints, nerves, skin and internal organs."
        ),
        "orpha_code": "",
        "icd10_code": "M35.0",
        "diagnosis_ages": ((15, 39, 20), (40, 65, 65), (66, 80, 15)),
        "intro": (
            "Sjögren's disease, long known as Sjögren's syndrome, is a systemic autoimmune condition. Its "
            "best known signs are dry eyes and a dry mouth, because immune cells gather in and damage the "
            "glands that produce tears and saliva. Many people also experience tiredness and joint pain, and "
            "less often the lungs, kidneys, nerves or blood are affected. It is far more common in women than "
            "in men, and it most often begins in middle age. It can occur alone or alongside other autoimmune "
            "diseases such as rheumatoid arthritis or lupus. As with most autoimmune conditions, several "
            "factors seem to combine to cause it."
        ),
        "sections": [
            (
                "Immune cells in the glands",
                (
                    "When a small sample of lip salivary gland is examined under the microscope, clusters of "
                    "lymphocytes, a type of white blood cell, are often seen around the ducts. These cells release "
                    "signalling molecules that cause inflammation and interfere with the glands' response to nerve "
                    "signals, so less fluid is produced even before much tissue is lost. B cells are especially "
                    "active, and many people have autoantibodies in their blood called anti-Ro/SSA and anti-La/SSB. "
                    "Why these particular glands are targeted is still being studied."
                ),
            ),
            (
                "An interferon signature",
                (
                    "Many people with Sjögren's disease show raised activity in genes switched on by interferons, a "
                    "family of messenger proteins the body normally uses to fight viruses. This interferon signature "
                    "suggests that the immune system behaves as if it were responding to an infection that is not "
                    "there. Some researchers think a past viral infection in the glands, for instance with "
                    "Epstein-Barr virus, may have started this response in susceptible people, but no single virus "
                    "has been proven to cause the disease."
                ),
            ),
            (
                "Genetic background",
                (
                    "Sjögren's disease is not inherited in a simple way, yet it does cluster in families, and "
                    "relatives often have other autoimmune conditions. Large genetic studies have found links with "
                    "HLA types and with genes involved in interferon signalling and B cell function, such as IRF5 and "
                    "STAT4. Each of these variants raises risk only slightly. Taken together, they help explain why "
                    "some people's immune systems are more prone to this kind of reaction when they meet the right "
                    "trigger."
                ),
            ),
            (
                "Hormones and the female bias",
                (
                    "Roughly nine in ten people diagnosed are women, and symptoms often begin around the time of "
                    "menopause. This has led researchers to look closely at sex hormones. Oestrogen appears to help "
                    "protect gland cells, and its fall may leave them more open to immune attack. Genes on the X "
                    "chromosome, of which women have two copies, may also play a part. These ideas are supported by "
                    "laboratory work but are not yet fully confirmed in people."
                ),
            ),
        ],
        "conclusion": (
            "In conclusion, Sjögren's disease appears to result from an inherited tendency toward "
            "autoimmunity, a possible trigger such as a viral infection, and hormonal factors that help "
            "explain why it mainly affects women. Much remains unknown, especially why the tear and saliva "
            "glands are singled out. Many people say that meeting others with similar experiences makes less "
            "visible symptoms, such as fatigue, easier to explain."
        ),
    },
    {
        "name": "Fibrodysplasia ossificans progressiva",
        "synonyms": [
            "FOP",
            "Fibrodisplasia osificante progresiva",
            "Myositis ossificans progressiva",
            "Stone man syndrome",
        ],
        "description": (
            "An extremely rare genetic condition in which muscles, tendons and ligaments gradually turn into "
            "bone, limiting movement over time. Almost all cases are caused by the same change in the ACVR1 "
            "gene."
        ),
        "orpha_code": "337",
        "icd10_code": "M61.1",
        "diagnosis_ages": ((0, 2, 30), (3, 10, 55), (11, 25, 15)),
        "intro": (
            "Fibrodysplasia ossificans progressiva, or FOP, is one of the rarest conditions described, "
            "affecting roughly one person in every one to two million. In FOP, bone forms in soft tissues "
            "where it should not, such as muscles, tendons and ligaments, often during painful episodes "
            "called flare-ups. Over the years this extra bone can lock joints in place. Babies with FOP are "
            "usually born with short, inward-turned big toes, a clue that can allow early recognition. The "
            "cause was identified in 2006, and that discovery has made FOP an important model for "
            "understanding how the body decides where bone should grow."
        ),
        "sections": [
            (
                "A single gene change",
                (
                    "Almost everyone with classic FOP has the same change, known as R206H, in a gene called ACVR1. "
                    "This gene makes a receptor, also called ALK2, that sits on the surface of cells and responds to "
                    "bone morphogenetic proteins, signals that guide the formation of bone and cartilage. A small "
                    "number of people with FOP have different changes in the same gene, and these are sometimes "
                    "linked to atypical features. The fact that one precise change accounts for nearly all cases is "
                    "unusual among rare diseases."
                ),
            ),
            (
                "An overactive receptor",
                (
                    "The altered ACVR1 receptor is overactive. Researchers found that it responds not only to its "
                    "usual signals but also to a protein called activin A, which normally does not switch on bone "
                    "formation through this route. Activin A is released during inflammation and tissue repair. In "
                    "people with FOP this means that ordinary healing responses can steer muscle and connective "
                    "tissue cells toward cartilage and then bone, instead of toward normal repair."
                ),
            ),
            (
                "What sets off flare-ups",
                (
                    "Many flare-ups appear without an obvious cause, but families and clinicians have noticed common "
                    "triggers. These include bumps and falls, injections into muscle, dental procedures that stretch "
                    "the jaw, surgery, and viral illnesses such as influenza. Each of these involves injury or "
                    "inflammation, which fits the idea that immune cells and activin A help start new bone formation. "
                    "People living with FOP often describe planning daily life carefully around the risk of injury."
                ),
            ),
            (
                "Inheritance and new cases",
                (
                    "FOP follows an autosomal dominant pattern, so a person with the condition has a one in two "
                    "chance of passing it to each child. In practice most cases are new, arising from a fresh change "
                    "in an egg or sperm cell, with no previous family history. Because the condition is so rare and "
                    "limits movement, relatively few people with FOP have had children, but the families who took "
                    "part in studies helped researchers locate the gene. FOP occurs in all ethnic groups and equally "
                    "in males and females."
                ),
            ),
        ],
        "conclusion": (
            "In summary, FOP is caused by a change in the ACVR1 gene that makes a bone-signalling receptor "
            "overactive and responsive to inflammatory signals such as activin A. Injury and inflammation can "
            "therefore lead to bone forming in soft tissue. Its clear genetic cause has made FOP a focus of "
            "research, and the international community of families affected by it is known for being closely "
            "connected."
        ),
    },
    {
        "name": "Wilson disease",
        "synonyms": [
            "Wilson's disease",
            "Hepatolenticular degeneration",
            "Enfermedad de Wilson",
            "Degeneración hepatolenticular",
        ],
        "description": (
            "An inherited disorder in which copper builds up in the body, mainly in the liver and the brain. "
            "It is caused by changes in both copies of the ATP7B gene."
        ),
        "orpha_code": "905",
        "icd10_code": "E83.0",
        "diagnosis_ages": ((3, 11, 25), (12, 30, 55), (31, 55, 20)),
        "intro": (
            "Wilson disease is a genetic condition in which the body cannot get rid of copper properly. "
            "Copper is an essential nutrient in small amounts, but when it accumulates it damages tissues. In "
            "Wilson disease it builds up first in the liver and later in other organs, especially the brain "
            "and the eyes, where it can form a brownish ring at the edge of the cornea called a "
            "Kayser-Fleischer ring. Symptoms most often appear between childhood and early adulthood and may "
            "be mainly related to the liver, the nervous system or mental health."
        ),
        "sections": [
            (
                "The ATP7B copper pump",
                (
                    "The gene responsible, ATP7B, makes a protein that works as a copper pump inside liver cells. It "
                    "has two main jobs. It loads copper onto ceruloplasmin, a carrier protein released into the "
                    "blood, and it moves surplus copper into bile so that it can leave the body in the stool. When "
                    "ATP7B does not work, copper cannot be exported and slowly piles up in the liver. This is also "
                    "why blood levels of ceruloplasmin are often low in people with Wilson disease."
                ),
            ),
            (
                "How it is inherited",
                (
                    "Wilson disease is autosomal recessive. A person needs two non-working copies of ATP7B, one from "
                    "each parent, to develop it, and the parents are usually healthy carriers. Brothers and sisters "
                    "of someone with the disease each have a one in four chance of also being affected, which is why "
                    "checking siblings is commonly discussed after a diagnosis. Hundreds of ATP7B variants are known, "
                    "and some are more common in particular populations, such as H1069Q in central and eastern Europe "
                    "and R778L in East Asia."
                ),
            ),
            (
                "From liver to brain",
                (
                    "At first the liver stores the extra copper, which can cause inflammation, fatty change and, over "
                    "time, scarring. Once the liver's capacity is overwhelmed, free copper spills into the blood and "
                    "settles in other tissues. In the brain, deep structures called the basal ganglia are "
                    "particularly affected, which can lead to tremor, stiffness, speech changes or shifts in mood and "
                    "behaviour. Copper released suddenly from damaged liver cells can also break down red blood "
                    "cells, and occasionally this is the first sign of the disease."
                ),
            ),
            (
                "Why presentations differ",
                (
                    "People with the same genetic changes can develop symptoms at very different ages and in "
                    "different organs. Researchers think that other genes involved in copper handling, the amount of "
                    "copper taken in from food and water, and other liver conditions may all contribute. There is no "
                    "reliable way yet to predict from genetics alone who will have mainly liver disease and who will "
                    "have mainly neurological symptoms. Many people report that reaching a diagnosis took time "
                    "because the early signs resembled other, more common conditions."
                ),
            ),
        ],
        "conclusion": (
            "In conclusion, Wilson disease is caused by inheriting two faulty copies of the ATP7B gene, which "
            "leaves the body unable to clear copper into bile. Copper gathers first in the liver and then in "
            "the brain and other organs. Although the cause is clear, why the disease appears so differently "
            "from one person to the next is still being researched."
        ),
    },
    {
        "name": "Phenylketonuria",
        "synonyms": ["PKU", "Fenilcetonuria", "Phenylalanine hydroxylase deficiency", "Følling disease"],
        "description": (
            "An inherited metabolic condition in which the body cannot properly break down phenylalanine, an "
            "amino acid found in protein. It is usually detected through newborn screening."
        ),
        "orpha_code": "716",
        "icd10_code": "E70.0",
        "diagnosis_ages": ((0, 0, 95), (1, 5, 5)),  # found by newborn screening
        "intro": (
            "Phenylketonuria, usually shortened to PKU, is an inherited condition of metabolism. People with "
            "PKU cannot properly convert the amino acid phenylalanine, which is present in almost all "
            "protein-containing foods, into another amino acid called tyrosine. Without this step, "
            "phenylalanine builds up in the blood and the brain, where high levels can affect development and "
            "brain function. In many countries every newborn is tested for PKU with a heel-prick blood sample "
            "in the first days of life. PKU was one of the first conditions for which this kind of screening "
            "was introduced, and its cause is well understood."
        ),
        "sections": [
            (
                "The PAH enzyme",
                (
                    "The key player is an enzyme called phenylalanine hydroxylase, or PAH, which is made mainly in "
                    "the liver. Its job is to add a chemical group to phenylalanine, turning it into tyrosine. "
                    "Tyrosine is then used to build proteins, the pigment melanin and brain messengers such as "
                    "dopamine. In PKU the PAH enzyme is missing or only partly working. The amount of remaining "
                    "activity helps explain why some people have classic PKU with very high levels, while others have "
                    "milder forms known as hyperphenylalaninaemia."
                ),
            ),
            (
                "Inheritance and gene variants",
                (
                    "PKU follows an autosomal recessive pattern. A child is affected when they inherit a changed copy "
                    "of the PAH gene from each parent, and parents who carry one changed copy are typically healthy. "
                    "More than a thousand variants of the PAH gene have been described. Many people with PKU have two "
                    "different variants, one from each parent, and the combination influences how much enzyme "
                    "activity remains. PKU is more common in some populations, such as in Ireland and Turkey, and "
                    "rarer in others, for example in Finland and Japan."
                ),
            ),
            (
                "Effects on the brain",
                (
                    "The brain seems particularly sensitive to high phenylalanine. It competes with other large amino "
                    "acids for the same transport route into the brain, so too much phenylalanine can crowd out "
                    "tyrosine and tryptophan, the raw materials for dopamine and serotonin. High levels also appear "
                    "to interfere with myelin, the insulating layer around nerve fibres. These effects help explain "
                    "the difficulties with attention, mood and concentration that some adults with PKU describe when "
                    "their levels are raised."
                ),
            ),
            (
                "Related conditions",
                (
                    "A small proportion of babies with raised phenylalanine do not have a problem with PAH itself. "
                    "Instead, they cannot make or recycle tetrahydrobiopterin, often called BH4, a helper molecule "
                    "that PAH needs in order to work and that is also needed to make brain messengers. These BH4 "
                    "deficiencies are separate genetic conditions. Another related situation is maternal PKU, in "
                    "which high phenylalanine levels in a pregnant woman with PKU can affect the developing baby, who "
                    "usually does not have PKU."
                ),
            ),
        ],
        "conclusion": (
            "In summary, phenylketonuria is caused by changes in both copies of the PAH gene, which reduce "
            "the body's ability to turn phenylalanine into tyrosine. It is the build-up of phenylalanine that "
            "affects the brain. Thanks to newborn screening, most people are diagnosed in the first weeks of "
            "life, and many adults with PKU share their experience of living with a lifelong condition with "
            "others in the community."
        ),
    },
    {
        "name": "Behçet's disease",
        "synonyms": ["Behçet's syndrome", "Behcet disease", "Enfermedad de Behçet", "Adamantiades-Behçet disease"],
        "description": (
            "A long-term inflammatory condition affecting blood vessels of all sizes, best known for "
            "recurring mouth and genital ulcers, skin lesions and eye inflammation. It is most common along "
            "the historic Silk Road."
        ),
        "orpha_code": "117",
        "icd10_code": "M35.2",
        "diagnosis_ages": ((10, 19, 10), (20, 40, 70), (41, 60, 20)),
        "intro": (
            "Behçet's disease is a condition of recurring inflammation that can involve blood vessels of any "
            "size, both arteries and veins. Most people have repeated painful mouth ulcers, and many also "
            "have genital ulcers, skin problems and inflammation inside the eye. Less often it affects the "
            "joints, gut, nervous system or large blood vessels. It usually starts in young adults. It is far "
            "more common in countries along the historic Silk Road, from Turkey and the Middle East to Japan "
            "and Korea, than in northern Europe or the Americas. Its cause is not fully known, but patterns "
            "in genes and geography offer strong clues."
        ),
        "sections": [
            (
                "The HLA-B51 link",
                (
                    "The strongest known genetic risk factor is a tissue type called HLA-B51. It is found much more "
                    "often in people with Behçet's disease than in the general population, particularly in regions "
                    "where the condition is common. HLA molecules display fragments of proteins to immune cells, so a "
                    "particular type can change how the immune system reacts. Still, most people who carry HLA-B51 "
                    "never develop Behçet's disease, and many people with the disease do not carry it, so it raises "
                    "risk without being a cause on its own."
                ),
            ),
            (
                "Other genes and inflammation",
                (
                    "Large genetic studies have found further risk genes, including ERAP1, which trims protein "
                    "fragments before HLA molecules display them, and genes for immune messengers such as IL10 and "
                    "the IL-23 receptor. Together these point to a mix of two kinds of immune activity. One is the "
                    "fast, inborn response led by neutrophils, white cells that gather quickly at sites of "
                    "inflammation. The other is the slower, learned response driven by T cells. Behçet's disease "
                    "seems to sit between autoimmune and autoinflammatory conditions."
                ),
            ),
            (
                "Possible infectious triggers",
                (
                    "Researchers have long suspected that microbes help to switch the disease on. Certain "
                    "streptococcal bacteria found in the mouth and herpes simplex virus have been studied most, and "
                    "people with Behçet's disease may react unusually strongly to them. Differences in gut bacteria "
                    "have also been reported. Another idea is that the immune system reacts to heat shock proteins, "
                    "which look similar in bacteria and in human cells. None of these has been proven as a direct "
                    "cause, and Behçet's disease is not contagious."
                ),
            ),
            (
                "Reactions to minor injury",
                (
                    "Many people with Behçet's disease, especially in Turkey and the Middle East, show a pathergy "
                    "reaction, in which a small red bump or pustule forms at the site of a needle prick within a day "
                    "or two. This shows how readily their tissues respond to small injuries with inflammation. Some "
                    "people also report that mouth ulcers appear after biting the cheek or after dental work, and "
                    "that stress or tiredness go along with flares. How these everyday factors connect to the "
                    "underlying immune changes is still being studied."
                ),
            ),
        ],
        "conclusion": (
            "In conclusion, Behçet's disease appears to result from an inherited tendency, led by HLA-B51 and "
            "several other immune genes, combined with outside triggers that may include microbes. Its "
            "striking geographical pattern supports this mix of genes and environment. Because the condition "
            "varies so much between people, many find it helpful to hear how others with Behçet's disease "
            "describe their own pattern of symptoms."
        ),
    },
)
