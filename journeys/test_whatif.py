"""政策调整测算: the province has announced next year's line; the county opens 数据 → 政策测算 and finds the page
already working it out against this year's. Its figures agree with the registry counted here by hand (人均纯收入 from
each household's income record, below the line = within). The county tries a line of its own with a 关注带, opens a
township's villages, and takes the figures away as Excel; nothing in the database changes. The leader reads the same
page on a phone."""
import os

import openpyxl

from conftest import text


def per_capita(net: int, members: int) -> int:
    """人均纯收入 in fen, half a fen away from zero, as the household page rounds it."""
    q, r = divmod(abs(net), members)
    value = q + (1 if 2 * r >= members else 0)
    return value if net >= 0 else -value


def expected(server, year: int, current: int, tried: int, township: str = "411681"):
    """(entering, cases to open) counted from the rows: within = 人均纯收入 below the line."""
    rows = server.query(
        """SELECT h.monitoring_category, h.risk_eliminated_on, i.wages + i.business + i.property + i.transfers - i.business_costs, i.member_count
           FROM households h JOIN household_incomes i ON i.household_id = h.id AND i.year = ?
           WHERE h.status = 'active' AND h.village_code >= ? AND h.village_code < ?""", year, township, township + ":")
    entering = cases = 0
    for category, eliminated, net, members in rows:
        if members <= 0:
            continue
        pc = per_capita(net, members)
        if pc < tried and not pc < current:
            entering += 1
            if category is None or eliminated is not None:
                cases += 1
    return entering, cases


def card(page, label: str) -> str:
    return page.locator(".card", has_text=label).locator(".n").inner_text().replace(",", "").lstrip("+")


def counts(server):
    return [server.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("households", "household_incomes", "audit_log", "policy_settings", "data_findings")]


def test_county_tries_next_years_line_and_its_own(server, browsers):
    desk = browsers.open("xian")
    before = counts(server)
    desk.locator("button.navhead:text-is('数据')").hover()
    with desk.expect_navigation():
        desk.click("a:text-is('政策测算')")
    page = text(desk)
    year = int(desk.locator("#f-year").input_value())
    lines = server.query("SELECT effective_from, value FROM policy_settings WHERE parameter = 'monitoring_income_line' ORDER BY effective_from")
    current = next(round(float(v) * 100) for f, v in lines if f.startswith(str(year)))
    following = next(round(float(v) * 100) for f, v in lines if f.startswith(str(year + 1)))
    assert f"已录入下一年度标准{following // 100}元" in page, page[:600]
    assert desk.locator("#f-line").input_value() == str(following // 100)
    entering, cases = expected(server, year, current, following)
    assert entering > 0, "the demo's next line brings households in"
    assert card(desk, "新进入范围") == str(entering) and card(desk, "需新识别") == str(cases)
    assert desk.locator("figure.chart svg").count() == 2

    # A line of the county's own, with a 20% 关注带: typed, not saved anywhere.
    tried = current + 30_000
    desk.fill("#f-line", str(tried // 100))
    desk.fill("#f-band", "20")
    with desk.expect_navigation():
        desk.click("button:text-is('测算')")
    entering, cases = expected(server, year, current, tried)
    assert card(desk, "新进入范围") == str(entering) and card(desk, "需新识别") == str(cases)
    assert "关注带（高于标准20%以内）" in text(desk)
    assert f"line={tried // 100}" in desk.url and "band=20" in desk.url

    # 南顿镇's villages: the township's own count.
    with desk.expect_navigation():
        desk.click("table a:text-is('南顿镇')")
    township = desk.url.split("unit=")[1][:9]
    entering, cases = expected(server, year, current, tried, township)
    assert card(desk, "需新识别") == str(cases) and "按村（社区）（南顿镇）" in text(desk)

    # The figures as Excel, read back with openpyxl: the villages of 南顿镇 and their total.
    with desk.expect_download() as info:
        desk.click("a:text-is('导出Excel')")
    saved = os.path.join(server.work, "whatif.xlsx")
    info.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames[:2] == ["按村", "测算条件"] and "预计措施" in book.sheetnames
    rows = list(book["按村"].iter_rows(values_only=True))
    header = list(rows[0])
    total = next(r for r in rows if r[1] == "合计")
    assert total[header.index("需新识别（户）")] == cases
    conditions = dict((r[0], r[1]) for r in book["测算条件"].iter_rows(values_only=True))
    assert conditions["测算标准（元/人·年）"] == tried / 100 and conditions["关注带（高于标准%）"] == 20

    # A wrong value is refused on the page, and the form keeps what was typed.
    desk.fill("#f-line", "八千")
    with desk.expect_navigation():
        desk.click("button:text-is('测算')")
    assert "测算标准应为1000至100000元之间的金额" in text(desk) and desk.locator("#f-line").input_value() == "八千"

    assert counts(server) == before, "a what-if writes nothing"


def test_leader_reads_it_on_a_phone(server, browsers):
    phone = browsers.open("lingdao", "phone")
    phone.goto(server.base + "/whatif")
    assert "需新识别" in text(phone) and "识别工作量" in text(phone)
    # The unit table stacks on a phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
