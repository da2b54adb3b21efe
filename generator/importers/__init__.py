"""Importers: figures from outside the YAML format (workbooks, published reports).

Every source is first turned into :class:`~generator.importers.grid.Grid` objects (a table
as rows of located text cells); one interpreter turns grids into a draft input.
"""
