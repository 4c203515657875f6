"""Coding exercises: a starter file, hints, and a grader that runs pytest on the candidate's code.

Modules: `catalogue` reads `bank/exercises/*.yaml`; `workspace` writes starter files and sums up
progress; `runner` grades a file in a separate, limited process (`launcher` is that process's entry
point, `plugin` the pytest plugin it loads, and `candidate` imports the graded file and explains its
failures); `checks/` holds one pytest module per exercise; `view` draws reports with Rich.

This package is imported by every pytest run in the environment (through `plugin`), so it imports
nothing here.
"""
