"""Interview-length reference solutions: numpy only, one short class per coding exercise.

`llmprep solution ID` shows these; `llmprep solution ID --full` shows the library classes of
`llmprep.solutions` (fast, bounded in memory, scikit-learn compatible). Both pass the same checks.
Nothing here is imported by llmprep: the files are read and shown, and graded as a learner's are.
"""
