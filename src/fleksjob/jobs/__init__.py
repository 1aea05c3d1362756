"""Background jobs: one run record (``JobRun``), one claim and one worker for every job.

Each app declares its jobs in its ``tasks.py`` with ``background_job``; ``enqueue`` queues a job
(django-tasks, database backend) and ``wait`` runs it in the calling process or waits for the
worker that has it. See docs/background-jobs.md.
"""
