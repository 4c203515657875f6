"""Coding exercises: a starter file, hints, and a grader that runs pytest on the candidate's code.

Modules: `catalogue` reads `bank/exercises/*.yaml`; `workspace` writes starter files and sums up
progress; `runner` grades a file in a separate, limited process (`process` runs and times that
process, `launcher` is its entry point, `plugin` the pytest plugin it loads, `candidate` imports
the graded file and explains its failures, `isolation` imports it afresh for each check, `rules`
finds the libraries the task forbids, `containment` ends every process the code started, and
`report` turns what happened into a report);
`checks/` holds one pytest module per exercise; `view` draws reports with Rich.

This package is imported by every pytest run in the environment (through `plugin`), so it imports
nothing here.
"""
