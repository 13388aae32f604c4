"""The demo causes articles in Spanish, one for each demo condition (conditions/demo_content.py), keyed
by the condition's English name. Written for this project; for demonstration only, not medical advice."""

from __future__ import annotations

DEMO_BYLINE_ES = "el equipo editorial de Diseasemaps"

DEMO_ARTICLES_ES: dict[str, dict] = {
    "Neonatal hemochromatosis": {
        "title": "¿Cuáles son las causas de la hemocromatosis neonatal?",
        "intro": (
            "La hemocromatosis neonatal es una enfermedad rara que se manifiesta en los primeros días de vida, "
            "o incluso antes de nacer, con un fallo grave del hígado y depósitos de hierro en órganos como el "
            "páncreas, el corazón o las glándulas salivales. Durante años su origen fue un misterio, y el "
            "nombre hacía pensar en un trastorno heredado del hierro. Hoy la mayoría de los especialistas ven "
            "el exceso de hierro como una consecuencia del daño del hígado, no como su causa, y relacionan casi "
            "todos los casos con un proceso inmunitario durante el embarazo llamado enfermedad hepática "
            "aloinmune gestacional."
        ),
        "sections": [
            (
                "Una reacción inmunitaria en el embarazo",
                "En la mayoría de las familias, el daño empieza en el sistema inmunitario de la madre. Por razones "
                "que todavía no se conocen, produce anticuerpos contra una proteína de las células del hígado del "
                "bebé. Esos anticuerpos atraviesan la placenta, como hacen normalmente en los últimos meses del "
                "embarazo, y dañan el hígado del feto antes del nacimiento.",
            ),
            (
                "Por qué se acumula el hierro",
                "El hígado del feto ayuda a regular cuánto hierro pasa por la placenta. Cuando está muy dañado, "
                "ese control falla y el hierro sigue entrando y se deposita fuera del hígado. Por eso los médicos "
                "buscan hierro en las glándulas salivales del labio o con una resonancia: es una pista que señala "
                "la enfermedad, no su punto de partida.",
            ),
            (
                "Puede repetirse en otros embarazos",
                "Tras un bebé afectado, la probabilidad de que un hermano posterior también lo esté es alta si no "
                "se hace ningún tratamiento preventivo durante el embarazo. El riesgo sigue a la madre y no al "
                "padre, algo que encaja mejor con una causa inmunitaria que con un gen heredado. Hoy existe un "
                "tratamiento en el embarazo que reduce mucho ese riesgo; conviene hablarlo pronto con el equipo "
                "médico.",
            ),
            (
                "Otras causas parecidas y preguntas abiertas",
                "No todos los recién nacidos con fallo hepático y exceso de hierro tienen la forma aloinmune: "
                "algunas infecciones, enfermedades metabólicas o genéticas pueden dar un cuadro similar. Tampoco se "
                "sabe todavía qué proteína exacta reconocen los anticuerpos ni por qué solo unas pocas madres los "
                "producen.",
            ),
        ],
        "conclusion": (
            "En resumen, hoy se entiende la hemocromatosis neonatal sobre todo como un daño inmunitario al hígado "
            "del bebé que empieza en el útero, y el exceso de hierro viene después. No se debe a nada que los "
            "padres hicieran o dejaran de hacer."
        ),
    },
    "Autoimmune hepatitis": {
        "title": "¿Cuáles son las causas de la hepatitis autoinmune?",
        "intro": (
            "La hepatitis autoinmune aparece cuando las defensas del cuerpo se vuelven contra el hígado. Células "
            "inmunitarias que deberían protegernos de las infecciones empiezan a tratar a las células del hígado "
            "como si fueran extrañas, y la inflamación mantenida puede acabar dejando cicatrices. Puede empezar a "
            "cualquier edad. No hay una causa única: se cree que influyen la herencia, algún desencadenante "
            "externo y un fallo en los frenos del propio sistema inmunitario."
        ),
        "sections": [
            (
                "Una tendencia heredada",
                "Algunas personas tienen versiones de los genes HLA, que ayudan al sistema inmunitario a distinguir "
                "lo propio de lo ajeno, que aparecen con más frecuencia en la hepatitis autoinmune. Tenerlas no "
                "significa que se vaya a desarrollar la enfermedad: solo hace el terreno algo más propicio.",
            ),
            (
                "Posibles desencadenantes externos",
                "Los médicos sospechan que, en una persona predispuesta, algo de fuera puede poner en marcha el "
                "proceso: algunas infecciones por virus o ciertos medicamentos. En la mayoría de las personas, sin "
                "embargo, nunca se llega a saber qué lo desencadenó.",
            ),
            (
                "Cuando fallan los frenos del sistema inmunitario",
                "Normalmente unas células llamadas linfocitos T reguladores calman las reacciones contra los "
                "tejidos propios. En la hepatitis autoinmune parecen funcionar peor, y la reacción contra el "
                "hígado no se apaga sola. Por eso el tratamiento busca calmar al sistema inmunitario.",
            ),
            (
                "Relación con otras enfermedades autoinmunes",
                "Quienes tienen hepatitis autoinmune tienen más probabilidad de tener también otras enfermedades "
                "autoinmunes, como problemas de tiroides o celiaquía, y a veces las hay en la familia. Esto apoya "
                "la idea de una tendencia general del sistema inmunitario.",
            ),
        ],
        "conclusion": (
            "En conclusión, la hepatitis autoinmune parece surgir cuando se juntan una tendencia heredada, un "
            "posible desencadenante y un control inmunitario más débil. No es contagiosa ni se debe al alcohol ni "
            "a la forma de vida de la persona."
        ),
    },
    "Cystic fibrosis": {
        "title": "¿Cuáles son las causas de la fibrosis quística?",
        "intro": (
            "La fibrosis quística es una de las enfermedades genéticas mejor conocidas: el gen responsable se "
            "identificó en 1989. Afecta a la forma en que la sal y el agua entran y salen de las células que "
            "recubren los pulmones, el páncreas, el intestino y las glándulas del sudor. Cuando ese movimiento "
            "falla, las secreciones se vuelven espesas y pegajosas y obstruyen los conductos."
        ),
        "sections": [
            (
                "El gen CFTR",
                "El gen se llama CFTR y contiene las instrucciones para fabricar un canal que deja pasar cloruro y "
                "bicarbonato a través de la superficie de las células. Si el canal falta o funciona mal, el agua "
                "no acompaña a la sal y el moco se espesa.",
            ),
            (
                "Cómo se hereda",
                "Se hereda de forma autosómica recesiva: una persona la tiene solo si recibe una copia que no "
                "funciona de cada progenitor. Los padres que llevan una sola copia cambiada suelen estar sanos. "
                "Cuando ambos la llevan, cada hijo tiene una probabilidad de una entre cuatro de tener la "
                "enfermedad.",
            ),
            (
                "Variantes distintas, efectos distintos",
                "Se conocen muchísimos cambios en el gen CFTR, y no todos tienen el mismo efecto: algunos impiden "
                "que se fabrique el canal y otros lo dejan funcionar a medias. Conocer la variante de cada persona "
                "ayuda hoy a elegir tratamientos que actúan sobre el propio canal.",
            ),
            (
                "Por qué cada experiencia es diferente",
                "Incluso dos hermanos con los mismos cambios pueden vivirla de forma muy distinta. Influyen otros "
                "genes, las infecciones, el entorno y el momento en que empieza el tratamiento.",
            ),
        ],
        "conclusion": (
            "En resumen, la fibrosis quística se debe a cambios en las dos copias del gen CFTR, que alteran el "
            "paso de sal y agua y espesan las secreciones. Está presente desde el nacimiento y no se contagia."
        ),
    },
    "Huntington's disease": {
        "title": "¿Cuáles son las causas de la enfermedad de Huntington?",
        "intro": (
            "La enfermedad de Huntington es una enfermedad progresiva del cerebro que suele dar sus primeras "
            "señales entre los 30 y los 50 años, aunque puede empezar antes o después. Afecta al control de los "
            "movimientos, al pensamiento y a las emociones, y a menudo toca a varias generaciones de una misma "
            "familia. Su causa es conocida: un cambio en un solo gen."
        ),
        "sections": [
            (
                "Un trozo de ADN repetido",
                "El gen HTT contiene una pequeña secuencia de tres letras del ADN, C, A y G, repetida muchas veces "
                "seguidas. La mayoría de las personas tienen menos de 27 repeticiones; en la enfermedad de "
                "Huntington hay 36 o más, y la proteína resultante, la huntingtina, se vuelve dañina.",
            ),
            (
                "Herencia dominante",
                "Basta una copia alterada para causar la enfermedad. Cada hijo o hija de una persona afectada tiene "
                "una probabilidad de una entre dos de heredarla. Existe una prueba genética, y decidir si hacérsela "
                "es una elección muy personal que merece acompañamiento profesional.",
            ),
            (
                "Longitud de la repetición y edad de inicio",
                "La repetición puede alargarse al pasar de padres a hijos, sobre todo cuando viene del padre. Las "
                "repeticiones más largas suelen ir con un inicio más temprano, pero la edad exacta no se puede "
                "predecir en cada persona.",
            ),
            (
                "Cómo se dañan las neuronas",
                "La huntingtina alterada tiende a plegarse mal y a formar grumos. Las neuronas de una zona profunda "
                "del cerebro llamada estriado son especialmente sensibles y se van perdiendo con los años.",
            ),
        ],
        "conclusion": (
            "En conclusión, la enfermedad de Huntington se debe a una repetición alargada en una copia del gen HTT "
            "y se transmite de forma dominante. Otros genes y el funcionamiento de las neuronas influyen en cuándo "
            "y cómo aparece."
        ),
    },
    "Ehlers-Danlos syndromes": {
        "title": "¿Cuáles son las causas de los síndromes de Ehlers-Danlos?",
        "intro": (
            "Los síndromes de Ehlers-Danlos no son una sola enfermedad sino una familia de ellas, que comparten "
            "un problema del tejido conectivo: el material que da fuerza y elasticidad a la piel, las "
            "articulaciones, los vasos sanguíneos y los órganos. La clasificación internacional de 2017 describe "
            "13 tipos, con causas y experiencias muy distintas."
        ),
        "sections": [
            (
                "El colágeno y sus ayudantes",
                "La mayoría de los tipos afectan al colágeno, la proteína más abundante del cuerpo, o a las enzimas "
                "y proteínas que lo fabrican y lo ordenan. Si el colágeno se forma mal, los tejidos se estiran "
                "demasiado o se rompen con más facilidad.",
            ),
            (
                "Genes conocidos en casi todos los tipos",
                "En doce de los trece tipos se ha encontrado una causa genética. El tipo clásico suele deberse a "
                "cambios en COL5A1 o COL5A2, y el tipo vascular, el que más afecta a las arterias, a cambios en "
                "COL3A1. Según el tipo, la herencia es dominante o recesiva.",
            ),
            (
                "El tipo hipermóvil",
                "Se cree que el tipo hipermóvil es el más frecuente, pero su causa genética todavía no se conoce. "
                "Suele repetirse en las familias y se diagnostica por criterios clínicos mientras la investigación "
                "busca los genes implicados.",
            ),
            (
                "Lo que influye en los síntomas",
                "Incluso dentro de una misma familia y un mismo tipo, cada experiencia es distinta. La edad, las "
                "hormonas, la forma física, las lesiones y otras enfermedades influyen en el dolor, el cansancio y "
                "la inestabilidad de las articulaciones.",
            ),
        ],
        "conclusion": (
            "En resumen, los síndromes de Ehlers-Danlos son un grupo de enfermedades del tejido conectivo, casi "
            "todas causadas por cambios conocidos en genes del colágeno o de las proteínas que lo manejan. El tipo "
            "hipermóvil sigue esperando su explicación genética."
        ),
    },
    "Myasthenia gravis": {
        "title": "¿Cuáles son las causas de la miastenia gravis?",
        "intro": (
            "La miastenia gravis es una enfermedad autoinmune de la unión entre los nervios y los músculos. Quien "
            "la tiene nota que los músculos se cansan y se debilitan cuanto más los usa; los párpados caídos y la "
            "visión doble son señales frecuentes al principio. La debilidad también puede afectar a masticar, "
            "tragar, hablar o respirar, y suele mejorar con el descanso."
        ),
        "sections": [
            (
                "Anticuerpos en la unión entre nervio y músculo",
                "Para que un músculo se contraiga, el nervio libera un mensajero, la acetilcolina, que se une a unos "
                "receptores del músculo. En la mayoría de las personas con miastenia, el sistema inmunitario "
                "fabrica anticuerpos contra esos receptores, y el mensaje llega con menos fuerza.",
            ),
            (
                "Otros tipos de anticuerpos",
                "Una parte de las personas no tiene anticuerpos contra el receptor de acetilcolina. Algunas tienen "
                "anticuerpos contra otras proteínas de la misma unión, como MuSK o LRP4, y en otras no se encuentra "
                "ninguno con las pruebas actuales.",
            ),
            (
                "El papel del timo",
                "El timo, una glándula detrás del esternón que entrena a las células inmunitarias, parece tener un "
                "papel central en muchos casos. A veces presenta un crecimiento o un tumor llamado timoma, y "
                "extirparlo puede ayudar a algunas personas.",
            ),
            (
                "Genes y otras influencias",
                "La miastenia no se transmite directamente de padres a hijos, aunque algunos genes del sistema "
                "inmunitario la hacen algo más probable. Ciertos medicamentos, infecciones o el estrés pueden "
                "empeorar los síntomas, pero no la causan.",
            ),
        ],
        "conclusion": (
            "En conclusión, la miastenia gravis aparece cuando unos anticuerpos dificultan la comunicación entre "
            "nervios y músculos, y el timo interviene a menudo en el inicio. No es contagiosa."
        ),
    },
    "Amyotrophic lateral sclerosis": {
        "title": "¿Cuáles son las causas de la esclerosis lateral amiotrófica?",
        "intro": (
            "La esclerosis lateral amiotrófica, o ELA, afecta a las motoneuronas, las células nerviosas del "
            "cerebro y la médula espinal que llevan las órdenes a los músculos. Cuando estas células dejan de "
            "funcionar y mueren, los músculos se debilitan. Suele empezar en la edad adulta media o avanzada. En "
            "la mayoría de las personas no se encuentra una causa concreta, aunque se conocen varias piezas del "
            "rompecabezas."
        ),
        "sections": [
            (
                "Formas esporádicas y familiares",
                "Unas nueve de cada diez personas con ELA no tienen ningún familiar afectado: es la forma "
                "esporádica. Alrededor de una de cada diez tiene antecedentes en la familia, la forma familiar.",
            ),
            (
                "Genes relacionados con la ELA",
                "Se han relacionado más de treinta genes con la ELA. El más frecuente en personas de origen europeo "
                "es una repetición alargada en el gen C9orf72, que también se asocia con un tipo de demencia "
                "frontotemporal. Otros genes conocidos son SOD1, TARDBP y FUS. A veces se encuentran cambios en "
                "estos genes incluso sin antecedentes familiares.",
            ),
            (
                "Grumos de proteínas en las neuronas",
                "En casi todas las personas con ELA, sea cual sea la causa, una proteína llamada TDP-43 abandona "
                "su lugar habitual en el núcleo de la célula y forma grumos. Se investiga cómo ese cambio daña a "
                "las motoneuronas.",
            ),
            (
                "Factores del entorno en estudio",
                "Se han estudiado muchas posibles influencias externas, como el tabaco, algunos tóxicos o el "
                "servicio militar, con resultados poco concluyentes. Ninguna explica por sí sola la enfermedad.",
            ),
        ],
        "conclusion": (
            "En resumen, la ELA se produce por la pérdida progresiva de motoneuronas, y en la mayoría de las "
            "personas no se encuentra una razón única. Cerca de uno de cada diez casos es familiar, y la "
            "investigación sigue buscando cómo encajan genes y entorno."
        ),
    },
    "Sjögren's disease": {
        "title": "¿Cuáles son las causas de la enfermedad de Sjögren?",
        "intro": (
            "La enfermedad de Sjögren, conocida durante mucho tiempo como síndrome de Sjögren, es una enfermedad "
            "autoinmune que afecta a todo el cuerpo. Sus señales más conocidas son los ojos y la boca secos, "
            "porque células inmunitarias se acumulan en las glándulas que producen lágrimas y saliva y las dañan. "
            "Muchas personas también sienten cansancio y dolor en las articulaciones."
        ),
        "sections": [
            (
                "Células inmunitarias en las glándulas",
                "Cuando se analiza al microscopio una pequeña muestra de glándula salival del labio, se ven a "
                "menudo grupos de linfocitos alrededor de los conductos. Esas células, y los anticuerpos que "
                "fabrican, van reduciendo la capacidad de las glándulas para producir líquido.",
            ),
            (
                "Una señal de interferón",
                "Muchas personas con la enfermedad muestran una actividad aumentada de los genes que activan los "
                "interferones, unas proteínas que el cuerpo usa para defenderse de los virus. Esto hace pensar que "
                "una infección vírica podría encender el proceso en personas predispuestas.",
            ),
            (
                "Una base genética",
                "No se hereda de forma sencilla, pero se agrupa en familias, y los familiares tienen a menudo otras "
                "enfermedades autoinmunes. Se han encontrado varias variantes de genes del sistema inmunitario que "
                "aumentan algo el riesgo.",
            ),
            (
                "Las hormonas y las mujeres",
                "Alrededor de nueve de cada diez personas diagnosticadas son mujeres, y los síntomas suelen empezar "
                "cerca de la menopausia. Por eso se investiga el papel de las hormonas sexuales.",
            ),
        ],
        "conclusion": (
            "En conclusión, la enfermedad de Sjögren parece deberse a una tendencia heredada a la autoinmunidad, un "
            "posible desencadenante como una infección vírica y factores hormonales. No es contagiosa."
        ),
    },
    "Fibrodysplasia ossificans progressiva": {
        "title": "¿Cuáles son las causas de la fibrodisplasia osificante progresiva?",
        "intro": (
            "La fibrodisplasia osificante progresiva, o FOP, es una de las enfermedades más raras que se conocen. "
            "En la FOP se forma hueso donde no debería, en músculos, tendones y ligamentos, a menudo durante "
            "episodios dolorosos llamados brotes. Con los años, ese hueso de más limita el movimiento. Su causa "
            "se descubrió en 2006."
        ),
        "sections": [
            (
                "Un único cambio en un gen",
                "Casi todas las personas con la forma clásica tienen el mismo cambio en un gen llamado ACVR1, que "
                "fabrica un receptor de la superficie de las células implicado en la formación del hueso.",
            ),
            (
                "Un receptor demasiado activo",
                "El receptor alterado está hiperactivo: responde no solo a sus señales habituales sino también a "
                "una proteína de la inflamación, la activina A, que normalmente no lo activaría. Así, la "
                "inflamación acaba convirtiéndose en hueso.",
            ),
            (
                "Lo que desencadena los brotes",
                "Muchos brotes aparecen sin causa aparente, pero las familias y los médicos han observado "
                "desencadenantes frecuentes: golpes y caídas, inyecciones en el músculo, intervenciones dentales o "
                "infecciones víricas. Por eso se recomienda evitar biopsias y operaciones innecesarias.",
            ),
            (
                "Herencia y casos nuevos",
                "La FOP se transmite de forma autosómica dominante, pero en la práctica casi todos los casos son "
                "nuevos: el cambio aparece por primera vez en la persona afectada, sin antecedentes en la familia.",
            ),
        ],
        "conclusion": (
            "En resumen, la FOP se debe a un cambio en el gen ACVR1 que vuelve demasiado activo un receptor del "
            "hueso y lo hace responder a la inflamación. Por eso las lesiones y la inflamación pueden provocar "
            "brotes."
        ),
    },
    "Wilson disease": {
        "title": "¿Cuáles son las causas de la enfermedad de Wilson?",
        "intro": (
            "La enfermedad de Wilson es una enfermedad genética en la que el cuerpo no consigue eliminar bien el "
            "cobre. En pequeñas cantidades el cobre es necesario, pero cuando se acumula daña los tejidos. Se "
            "almacena primero en el hígado y más tarde en otros órganos, sobre todo el cerebro y los ojos. "
            "Detectada a tiempo, se puede tratar."
        ),
        "sections": [
            (
                "La bomba de cobre ATP7B",
                "El gen responsable, ATP7B, fabrica una proteína que funciona como una bomba de cobre dentro de las "
                "células del hígado. Sirve para cargar el cobre en su transportador en la sangre y para expulsar el "
                "que sobra a la bilis. Si la bomba falla, el cobre se queda dentro.",
            ),
            (
                "Cómo se hereda",
                "Es autosómica recesiva: hace falta recibir una copia del gen que no funciona de cada progenitor, y "
                "los padres suelen estar sanos. Por eso se aconseja estudiar a los hermanos de una persona "
                "diagnosticada.",
            ),
            (
                "Del hígado al cerebro",
                "Al principio el hígado guarda el cobre que sobra, lo que puede causar inflamación y, con el tiempo, "
                "cicatrices. Cuando el hígado ya no puede más, el cobre pasa a la sangre y llega al cerebro y a los "
                "ojos, donde puede formar un anillo de color cobrizo alrededor del iris.",
            ),
            (
                "Por qué cada persona la vive distinto",
                "Personas con los mismos cambios genéticos pueden tener síntomas a edades muy diferentes y en "
                "órganos distintos. Se cree que influyen otros genes del manejo del cobre y la alimentación.",
            ),
        ],
        "conclusion": (
            "En conclusión, la enfermedad de Wilson se debe a heredar dos copias defectuosas del gen ATP7B, que "
            "impiden eliminar el cobre por la bilis. El tratamiento, que reduce el cobre, tiene que mantenerse toda "
            "la vida."
        ),
    },
    "Phenylketonuria": {
        "title": "¿Cuáles son las causas de la fenilcetonuria?",
        "intro": (
            "La fenilcetonuria, o PKU, es una enfermedad hereditaria del metabolismo. Quien la tiene no puede "
            "transformar bien la fenilalanina, un aminoácido presente en casi todos los alimentos con proteínas, "
            "en otro aminoácido llamado tirosina. Sin ese paso, la fenilalanina se acumula en la sangre y puede "
            "dañar el cerebro en desarrollo. Gracias a la prueba del talón, hoy se detecta en los primeros días de "
            "vida."
        ),
        "sections": [
            (
                "La enzima PAH",
                "La pieza clave es una enzima llamada fenilalanina hidroxilasa, o PAH, que se fabrica sobre todo en "
                "el hígado y convierte la fenilalanina en tirosina. En la fenilcetonuria esta enzima funciona poco "
                "o nada.",
            ),
            (
                "Herencia y variantes del gen",
                "Se hereda de forma autosómica recesiva: un niño está afectado cuando recibe una copia cambiada del "
                "gen PAH de cada progenitor. Hay muchas variantes del gen, y por eso unas personas toleran más "
                "fenilalanina que otras.",
            ),
            (
                "Efectos en el cerebro",
                "El cerebro es especialmente sensible al exceso de fenilalanina, que compite con otros aminoácidos "
                "para entrar en él. Por eso el tratamiento, sobre todo una dieta controlada, empieza cuanto antes y "
                "conviene mantenerlo a lo largo de la vida.",
            ),
            (
                "Enfermedades parecidas",
                "Una pequeña parte de los bebés con la fenilalanina alta no tienen un problema de la enzima PAH, "
                "sino de una sustancia que la ayuda a funcionar, la tetrahidrobiopterina. Se diagnostican y tratan "
                "de otra manera.",
            ),
        ],
        "conclusion": (
            "En resumen, la fenilcetonuria se debe a cambios en las dos copias del gen PAH, que reducen la "
            "capacidad de transformar la fenilalanina. Es su acumulación lo que afecta al cerebro, y por eso el "
            "diagnóstico precoz y la dieta cambian tanto su evolución."
        ),
    },
    "Behçet's disease": {
        "title": "¿Cuáles son las causas de la enfermedad de Behçet?",
        "intro": (
            "La enfermedad de Behçet es una enfermedad de inflamación que va y viene y puede afectar a vasos "
            "sanguíneos de cualquier tamaño. La mayoría de las personas tienen llagas dolorosas en la boca que se "
            "repiten, y muchas también llagas genitales, problemas de piel e inflamación dentro del ojo. Es más "
            "frecuente en los países de la antigua Ruta de la Seda, desde el Mediterráneo hasta Japón."
        ),
        "sections": [
            (
                "La relación con HLA-B51",
                "El factor genético de riesgo más fuerte que se conoce es un tipo de tejido llamado HLA-B51, mucho "
                "más frecuente en personas con la enfermedad. Aun así, la mayoría de quienes lo tienen nunca la "
                "desarrollan.",
            ),
            (
                "Otros genes e inflamación",
                "Los grandes estudios genéticos han encontrado otros genes de riesgo, relacionados con la forma en "
                "que el sistema inmunitario presenta y responde a las señales de alarma. Juntos, empujan hacia una "
                "inflamación más intensa.",
            ),
            (
                "Posibles desencadenantes infecciosos",
                "Desde hace tiempo se sospecha que algunos microbios, como ciertas bacterias de la boca o el virus "
                "del herpes, ayudan a poner en marcha la enfermedad en personas predispuestas. No se contagia de "
                "una persona a otra.",
            ),
            (
                "Reacción a pequeñas heridas",
                "Muchas personas con Behçet presentan una reacción llamada patergia: tras un pinchazo pequeño "
                "aparece un granito o una pústula en la piel. Muestra lo fácil que se enciende su inflamación.",
            ),
        ],
        "conclusion": (
            "En conclusión, la enfermedad de Behçet parece deberse a una tendencia heredada, encabezada por "
            "HLA-B51 y otros genes del sistema inmunitario, junto con desencadenantes externos que podrían incluir "
            "microbios."
        ),
    },
}
