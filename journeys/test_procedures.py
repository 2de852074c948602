"""One clue through the whole identification procedure, each role acting at its own step, a return and its reason
seen, 公示 and 结果公告 printed from the case; and an elimination refused, then accepted."""
import re

from conftest import text


def act(page, action: str, **fields):
    """Submits the case page's form for `action` (advance, return, reject) with the given fields."""
    form = page.locator(f"form:has(input[name=action][value={action}])")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        tag = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            field.select_option(value)
        elif tag.endswith("checkbox"):
            field.check() if value else field.uncheck()
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button").click()


def test_one_clue_through_identification_with_each_role_at_its_step(server, browsers):
    village = server.query("SELECT region_code FROM users WHERE username = 'cunj'")[0][0]
    hid = server.uuid("SELECT id FROM households WHERE village_code = ? AND monitoring_category IS NULL AND status = 'active' "
                      "ORDER BY number LIMIT 1", village)
    cadre = browsers.open("cunj", "phone")
    cadre.goto(f"{server.base}/households/{hid}")
    name = re.search(r"户主\s*(\S+)", text(cadre))
    cadre.click("summary:has-text('登记排查线索')")
    cadre.locator("form[action$='/clues'] select[name=difficulty]").select_option("01")
    cadre.locator("form[action$='/clues'] textarea[name=description]").fill("户主突发心梗住院，自付约4万元")
    with cadre.expect_navigation():
        cadre.click("form[action$='/clues'] button")
    assert "/clues/" in cadre.url
    with cadre.expect_navigation():
        cadre.click("button:has-text('启动识别纳入')")
    assert "/cases/" in cadre.url, cadre.url
    case = cadre.url.split("/cases/")[1].split("?")[0].split("#")[0]
    act(cadre, "advance", findings="住院自付4万元，家庭年收入约2万元，4口人", consent=True, category="marginal", risk_01=True)
    assert "信息比对" in text(cadre)

    # The county compares the data and sends it back with a reason.
    county = browsers.open("xian")
    county.goto(server.base + "/work")
    assert case in county.content(), "the county's 信息比对 is in its work list"
    county.goto(f"{server.base}/cases/{case}")
    act(county, "return", comment="医保数据显示自付1.2万元，与入户核实不符，请重新核实")
    # The village sees the mark and the reason in its work list, and on the case.
    cadre.goto(server.base + "/work")
    row = cadre.locator(f"tr:has(a[href='/cases/{case}'])")
    assert "退回" in row.inner_text() and "与入户核实不符" in row.inner_text(), row.inner_text()
    cadre.goto(f"{server.base}/cases/{case}")
    assert "与入户核实不符" in text(cadre)
    act(cadre, "advance", findings="复核：住院自付1.2万元，另有门诊慢病支出8千元", consent=True, category="marginal", risk_01=True)
    county.goto(f"{server.base}/cases/{case}")
    act(county, "advance")
    cadre.goto(f"{server.base}/cases/{case}")
    act(cadre, "advance", comment="参会23人，同意23人")
    assert "村内公示" in text(cadre)
    # 公示 is printed from the case.
    cadre.click("a:has-text('打印本村当前公示名单')")
    notice = text(cadre)
    assert "公示" in notice and cadre.locator("button[data-print]").count() == 1
    assert cadre.locator("article.notice tbody tr").count() >= 1

    # Further on, a demo case already past its 公示: the township reviews, the county decides, the village posts the
    # 结果公告 printed from the case and confirms it.
    posting = server.query("SELECT region_code FROM users WHERE username = 'cunp'")[0][0]
    later = server.uuid("SELECT id FROM cases WHERE stage = 'township_review' AND village_code = ?", posting)
    township = browsers.open("nandun")
    township.goto(server.base + "/work")
    assert "待我办理" in text(township) and later in township.content()
    township.goto(f"{server.base}/cases/{later}")
    act(township, "advance")
    county.goto(f"{server.base}/cases/{later}")
    act(county, "advance")
    assert "结果公告" in text(county)
    poster = browsers.open("cunp", "phone")
    poster.goto(f"{server.base}/cases/{later}")
    poster.click("a:has-text('打印本村结果公告')")
    assert "结果公告" in text(poster) and poster.locator("article.notice tbody tr").count() == 1
    poster.goto(f"{server.base}/cases/{later}")
    act(poster, "advance", comment="已在村务公开栏张贴")
    assert "已纳入监测" in text(poster)


def test_an_elimination_refused_then_accepted(server, browsers):
    village = server.query("SELECT region_code FROM users WHERE username = 'cune'")[0][0]
    hid = server.uuid("""SELECT h.id FROM households h WHERE h.village_code = ? AND h.monitoring_category IS NOT NULL
        AND h.risk_eliminated_on IS NULL AND h.has_labour AND h.monitoring_since <= date('now', '-7 months')
        AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id AND c.stage NOT IN ('completed', 'rejected'))
        ORDER BY h.number LIMIT 1""", village)
    cadre = browsers.open("cune", "phone")

    def propose(tick_risks: bool):
        cadre.goto(f"{server.base}/households/{hid}")
        cadre.click("a:has-text('提出风险消除')")
        form = cadre.locator(f"form[action='/households/{hid}/elimination']")
        form.locator("select[name=method]").select_option("assisted")
        form.locator("textarea[name=note]").fill("务工收入稳定，帮扶措施已落实")
        if tick_risks:
            for box in form.locator("input[type=checkbox][name^=risk_]").all():
                box.check()
        with cadre.expect_navigation():
            form.locator("button").click()

    propose(tick_risks=False)
    refused = text(cadre)
    assert "尚未消除" in refused, refused[:1500]
    assert "/cases/" not in cadre.url
    # The cadre records this year's income from the job the household found…
    cadre.goto(f"{server.base}/households/{hid}/income")
    year = int(cadre.input_value("#f-year") or 2026)
    cadre.fill("#f-year", str(max(year, 2025)))
    for field, value in [("wages", "96000"), ("business", "0"), ("property", "0"), ("transfers", "2000"), ("businessCosts", "0"),
                         ("compliantSelfPaid", "0")]:
        cadre.fill(f"#f-{field}", value)
    with cadre.expect_navigation():
        cadre.click("main form button")
    # On the phone the year's 人均纯收入 is on screen, not in a column scrolled off to the right.
    cadre.goto(f"{server.base}/households/{hid}")
    cell = cadre.locator("td[data-label='人均纯收入']").first
    box = cell.bounding_box()
    assert cell.is_visible() and box["x"] + box["width"] <= 390, box
    # …and states the risks are gone: accepted, the elimination procedure starts.
    propose(tick_risks=True)
    assert "/cases/" in cadre.url, text(cadre)[:1500]
    assert "风险消除" in text(cadre) and "入户核实" in text(cadre)
