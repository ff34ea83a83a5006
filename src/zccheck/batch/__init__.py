"""HR batch mode: check every applicant under one folder in worker processes and roll the results up.

`discover` finds the applicants, `roster` reads the unit's 花名册 and matches it to them, `worker` checks one
applicant (in a worker process), `runner` schedules the workers, `pipeline.run_batch` ties them together
into a `model.BatchResult` that the batch reporters render.
"""
