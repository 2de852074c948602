"""The county office at a desk: real-size files through the web pages, the month's freeze and its bulletin, and what
the 医保 officer and the leader may see."""
import io
import os
import re
import tempfile

import openpyxl

from conftest import text
from files import medical_csv, registry_csv


def upload_with_progress(page, field: str, path: str, button: str):
    """Chooses the file and sends it; the page says how far the upload is before the server's answer arrives."""
    page.set_input_files(field, path)
    page.click(button)
    page.wait_for_selector("[data-progress-status]:has-text('上传')", timeout=60_000)


def test_county_imports_a_5_mb_registry_through_the_page(server, browsers):
    villages = server.query("SELECT code, name FROM regions WHERE length(code) = 12 AND code LIKE '411681%' ORDER BY code")
    data = registry_csv(villages, 5_000_000)
    path = os.path.join(server.work, "名册-补录.csv")
    open(path, "wb").write(data)
    county = browsers.open("xian")
    county.goto(server.base + "/import")
    upload_with_progress(county, "input[type=file]", path, "main form button")
    county.wait_for_selector("text=导入成功", timeout=300_000)   # the result, shown in place
    page = text(county)
    persons = data.count(b"\n") - 1
    assert "导入成功" in page, page[:2000]
    assert re.search(rf"共{persons:,}行", page) and "新增" in page, page[:600]
    county.goto(server.base + "/households?q=J000001")
    assert "J000001" in text(county)


def test_the_medical_officer_uploads_50_mb_and_sees_only_its_own_work(server, browsers):
    insiders = server.query("SELECT p.id_number, p.name FROM persons p JOIN households h ON h.id = p.household_id "
                            "WHERE h.status = 'active' ORDER BY p.id_number LIMIT 25")
    path = os.path.join(server.work, "医保结算-11月.csv")
    open(path, "wb").write(medical_csv(insiders, 50_000_000, settled_on="2026-11-20"))
    officer = browsers.open("yibao")
    links = officer.locator("header nav a").all_inner_texts()
    assert links == ["筛查预警", "部门数据"], links
    officer.goto(server.base + "/screening")
    upload_with_progress(officer, "#f-file", path, "main form[action='/screening'] button")
    officer.wait_for_url("**/screening/files/**", timeout=600_000)   # the file's own page
    page = text(officer)
    assert "/screening/files/" in officer.url, page[:1000]
    assert "医保结算" in page and "匹配名册25行" in page, page[:1500]
    # Nothing of the registry is open to the officer.
    for path in ["/households", "/monitoring", "/indicators", "/import"]:
        response = officer.goto(server.base + path)
        assert response.status == 403, (path, response.status)


def test_county_freezes_last_month_after_asking_and_exports_the_bulletin(server, browsers):
    county = browsers.open("xian")
    county.goto(server.base + "/indicators")
    county.click("a:has-text('月末数据…')")
    confirm = text(county)
    assert "24时" in confirm and "不能撤销" in confirm
    period = re.search(r"冻结(\d{4}-\d{2})月末数据", confirm).group(1)
    county.click("button:has-text('确认冻结')")
    assert f"snapshot={period}" in county.url
    assert f"{period}月末冻结数" in text(county)
    # Asked again, the page says when and by whom, by name.
    county.goto(f"{server.base}/indicators/freeze?period={period}")
    again = text(county)
    assert "已冻结" in again and "项城市乡村振兴局" in again and "确认冻结" not in again, again

    county.goto(f"{server.base}/indicators?snapshot={period}")
    with county.expect_download() as info:
        county.click("a:has-text('导出通报表（XLSX）')")
    download = info.value
    # Named by the whole title, the period in brackets at its end.
    assert re.fullmatch(rf"项城市.*通报（{period}月末数）\.xlsx", download.suggested_filename), download.suggested_filename
    saved = os.path.join(server.work, "bulletin.xlsx")
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    flat = [str(c) for row in rows for c in row if c is not None]
    assert any("通报" in c for c in flat), rows[:3]
    assert any(c == "合计" for c in flat), rows[-3:]
    assert any("南顿镇" in c for c in flat)


def test_the_leader_reads_the_dashboard_with_personal_data_masked(server, browsers):
    leader = browsers.open("lingdao")
    page = text(leader)
    assert "监测对象" in page and "南顿镇" in page, page[:800]
    hid = server.query("SELECT id FROM households WHERE monitoring_category IS NOT NULL LIMIT 1")[0][0]
    import uuid
    hid = (str(uuid.UUID(bytes=hid)) if isinstance(hid, bytes) else str(hid)).upper()
    leader.goto(f"{server.base}/households/{hid}")
    html = leader.content()
    assert re.search(r"\d{6}\*{8}\d{3}[\dX]", html), "IDs are masked"
    assert leader.locator("form[action$='/reveal'], form[action$='/phone']").count() == 0, "a leader cannot reveal"
    response = leader.goto(server.base + "/households/export.xlsx")
    assert response is None or response.status == 403
