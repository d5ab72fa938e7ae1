"""The ``briefing`` command line: one module per command (``build``, ``check``,
``init``, ``import_wire``, ``serve``, ``new``), their logic beside them, and
``output`` for what commands say to the terminal. The only package that knows
about click, the terminal and exit codes."""
