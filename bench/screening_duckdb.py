"""DuckDB's side of bench/screening: the same 医保 rule (YB01) on the same two files. Used by the benchmark only."""
import subprocess
import sys

try:
    import duckdb
except ImportError:  # the benchmark's own comparison tool, never a dependency of the product
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"], check=True)
    import duckdb

registry, medical, result = sys.argv[1:4]
con = duckdb.connect()
con.execute("SET threads = 2")
rows = con.execute(f"""
    WITH reg AS (
        SELECT * FROM read_csv('{registry}', header = true, columns = {{'id': 'VARCHAR', 'household': 'VARCHAR', 'class': 'VARCHAR'}})
    ), med AS (
        SELECT upper(trim("身份证号")) AS id, TRY_CAST("结算日期" AS DATE) AS d, TRY_CAST("个人自付" AS DECIMAL(18, 2)) AS paid
        FROM read_csv('{medical}', header = true, all_varchar = true)
    )
    SELECT r.household
    FROM med JOIN reg r ON r.id = med.id
    WHERE med.d >= DATE '2025-06-30' AND med.d <= DATE '2026-06-30' AND med.paid >= 0
    GROUP BY r.household, r.class
    HAVING sum(med.paid) >= CASE WHEN r.class IN ('a', 'm') THEN 5000 ELSE 20000 END
    ORDER BY r.household
""").fetchall()
with open(result, "w") as f:
    f.write("".join(h + "\n" for (h,) in rows))
print(f"duckdb: {len(rows)} households warned")
