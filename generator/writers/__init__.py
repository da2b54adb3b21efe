"""Writers: Document → .docx (python-docx) and Document → .pdf (Jinja HTML + WeasyPrint)."""
