"""The writing side of answers: who may answer a condition's questions (its members), vote an answer
helpful or report it, the pages and API for that, the answer box on a question's page, and the demo
answers. `conditions` owns the Answer model and shows the answers; community decides who writes them,
because it knows who is a member."""
