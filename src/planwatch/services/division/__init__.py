"""任务分工: effective assignments, people's decisions and requests, the table and its workbook."""
