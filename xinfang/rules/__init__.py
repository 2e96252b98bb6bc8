"""The law as code: the Chongqing rules (细则) and the national petition procedure.

Pure Python, no Django, no I/O beyond reading the packaged profile files. Every decision
carries its legal basis (:class:`xinfang.rules.basis.Basis`). The Django adapters live in
``xinfang.legal``.
"""
