"""Oversight of petition work (细则第三章): special inspections (督查, 第九条), assessment (考核,
第十条第一款) and the cadre's record for the organization and personnel departments (第十条第二款,
第十八条)."""
