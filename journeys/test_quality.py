"""疑点数据核查 before an inspection: the county opens 疑点核查 on its desk and finds the demo's first run there; it tries
the shared-phone check at two households (试算 writes nothing) and saves it; the village cadre, on a phone, sees only
the village's findings and explains one with a reason; the county runs the checks again: the explained finding stays
explained, and a finding whose record the county then corrects (a member's birth date, read again from the ID
number when the member's form is saved) is closed by the next run."""
from conftest import text


def test_county_runs_village_explains_record_fixed(server, browsers):
    desk = browsers.open("xian")
    desk.goto(server.base + "/quality")
    page = text(desk)
    assert "疑点数据核查" in page and "上次核查" in page and "YD16" in page
    standing = server.query("SELECT COUNT(*) FROM data_findings WHERE state = 'open'")[0][0]
    assert standing > 0

    # 试算 of the shared-phone check at two households: an answer, and nothing written; then saved from today.
    row = desk.locator("tr", has_text="多户共用联系电话")
    row.locator("summary:text-is('设置')").click()
    row.locator("input[name=value]").fill("2")
    with desk.expect_navigation():
        row.locator("button:text-is('试算')").click()
    assert "试算（未保存）：YD15 多户共用联系电话" in text(desk)
    assert server.query("SELECT COUNT(*) FROM data_check_settings")[0][0] == 0
    row = desk.locator("tr", has_text="多户共用联系电话")
    assert row.locator("input[name=value]").input_value() == "2"
    with desk.expect_navigation():
        row.locator("button:text-is('保存')").click()
    assert "已保存核查规则设置" in text(desk)
    assert server.query("SELECT value FROM data_check_settings WHERE code = 'YD15'")[0][0] == 2

    # The village cadre on a phone: only the village's own findings, and one explained with a reason.
    village = server.query("SELECT region_code FROM users WHERE username = 'cun'")[0][0]
    name = server.query("SELECT name FROM regions WHERE code = ?", village)[0][0]
    mine = server.query("SELECT COUNT(*) FROM data_findings WHERE village_code = ? AND state = 'open'", village)[0][0]
    phone = browsers.open("cun", "phone")
    phone.goto(server.base + "/quality")
    assert f"核查范围：{name}" in text(phone) and f"共{mine}条" in text(phone)
    assert mine > 0, "the demo makes findings in the cadre's village"
    rows = phone.locator("tr[id^=f-]")
    assert all(rows.nth(i).locator("td[data-label=村]").inner_text() == name for i in range(rows.count()))
    first = rows.first
    finding = first.get_attribute("id")[2:]
    first.locator("summary").click()
    first.locator("textarea[name=reason]").fill("短")
    with phone.expect_navigation():
        first.locator("button:text-is('保存说明')").click()
    assert "请填写核实情况（4至300字）" in text(phone)
    row = phone.locator(f"tr#f-{finding}")
    row.locator("textarea[name=reason]").fill("已入户核实，情况属实，按规定报乡镇审核备案")
    with phone.expect_navigation():
        row.locator("button:text-is('保存说明')").click()
    assert "已保存说明" in text(phone)
    assert server.query("SELECT state FROM data_findings WHERE id = ?", finding)[0][0] == "explained"

    # The county opens the member whose birth date does not match the ID number (YD09) and saves the form: the
    # birth date is read from the ID number again. The next run closes the finding.
    fixed = server.query("""SELECT id, subject FROM data_findings WHERE code = 'YD09' AND state = 'open' LIMIT 1""")
    assert fixed, "the demo has a birth date that does not match its ID number"
    finding_id, person = fixed[0]
    desk.goto(server.base + f"/persons/{person}/edit")
    with desk.expect_navigation():
        desk.click(f"form[action='/persons/{person.upper()}/edit'] button:text-is('保存'), form[action='/persons/{person}/edit'] button:text-is('保存')")
    desk.goto(server.base + "/quality")
    with desk.expect_navigation():
        desk.click("button:text-is('立即核查')")
    assert "核查完成" in text(desk)
    assert server.query("SELECT state FROM data_findings WHERE id = ?", finding)[0][0] == "explained"
    assert server.query("SELECT state FROM data_findings WHERE id = ?", finding_id)[0][0] == "closed"
    desk.goto(server.base + "/quality?code=YD09&state=closed")
    assert "已整改" in text(desk)
