"""就业帮扶 through the browser: the village cadre, on a phone, records a member's spell in Shenzhen on the
household page (a mistyped place and then an overlapping spell are refused and nothing is written), then a 公益岗位 for
another member; the county on a desktop reads 南顿镇's figures, sets the year's 务工 target and sees the share, finds the
old-ledger post whose holder has turned 70 among the 公益岗位 checks, and exports the table as XLSX; the village cadre then
enters last month's 公益岗位考勤 on the phone sheet (a day count in words is refused and kept for correction), and the
month's missing attendance leaves the checks."""
import re
import datetime

import openpyxl

from conftest import text


def test_village_records_work_and_a_post_and_the_county_reads_the_figures(server, browsers, tmp_path):
    today = datetime.date.today()
    month = lambda back: f"{(today.year * 12 + today.month - 1 - back) // 12}-{(today.year * 12 + today.month - 1 - back) % 12 + 1:02d}"
    # A household of the cadre's village (a 脱贫户 where one will do) with two members of working age who have neither a spell nor a post.
    free = """p.status = 'present' AND p.birth_date BETWEEN date('now', '-60 years') AND date('now', '-20 years')
        AND NOT EXISTS (SELECT 1 FROM work_spells w WHERE w.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM public_posts w WHERE w.person_id = p.id)"""
    household = server.uuid(f"""SELECT h.id FROM households h WHERE h.status = 'active'
        AND h.village_code = (SELECT region_code FROM users WHERE username = 'cun')
        AND (SELECT COUNT(*) FROM persons p WHERE p.household_id = h.id AND {free}) >= 2 ORDER BY h.category = 'alleviated' DESC, h.number LIMIT 1""")
    members = server.query(f"SELECT name FROM persons p WHERE (household_id = ? OR hex(household_id) = replace(?, '-', '')) AND {free} ORDER BY birth_date",
                           household, household)
    worker, holder = members[0][0], members[1][0]

    cadre = browsers.open("cun", "phone")
    cadre.goto(f"{server.base}/households/{household}#jobs")
    away = text(cadre).count("省外（440305）")

    def record_spell(place, start, employer=""):
        cadre.goto(f"{server.base}/households/{household}#jobs")
        form = cadre.locator("form:has(input[name=record][value=spell])")
        cadre.click("summary:has-text('登记务工')")
        options = form.locator("[name=spellPerson] option").all_inner_texts()
        form.locator("[name=spellPerson]").select_option(label=next(o for o in options if o.startswith(worker)))
        form.locator("[name=spellPlace]").fill(place)
        form.locator("[name=spellStart]").fill(start)
        form.locator("[name=spellEmployer]").fill(employer)
        form.locator("[name=spellIncome]").fill("4800")
        with cadre.expect_navigation():
            form.locator("button").click()

    record_spell("深圳南山", month(4), "深圳某电子厂")
    assert "务工地应为县级行政区划代码" in text(cadre)
    record_spell("440305", month(4), "深圳某电子厂")
    assert text(cadre).count("省外（440305）") == away + 1 and "深圳某电子厂" in text(cadre)
    # The same person cannot be in two places at once; nothing is written.
    record_spell("410105", month(1))
    assert "重叠" in text(cadre)
    cadre.goto(f"{server.base}/households/{household}#jobs")
    assert text(cadre).count("省外（440305）") == away + 1 and "省内县外（410105）" not in text(cadre)

    post = cadre.locator("form:has(input[name=record][value=post])")
    cadre.click("summary:has-text('登记上岗')")
    post.locator("[name=postPerson]").select_option(label=next(o for o in post.locator("[name=postPerson] option").all_inner_texts() if o.startswith(holder)))
    post.locator("[name=postType]").select_option("cleaning")
    post.locator("[name=postEmployer]").fill("村委会")
    post.locator("[name=postPay]").fill("500")
    with cadre.expect_navigation():
        post.locator("button").click()
    assert "保洁员" in text(cadre) and "离岗" in text(cadre)

    county = browsers.open("xian", accept_downloads=True)
    county.goto(server.base + "/jobs")
    assert "南顿镇" in text(county) and "公益岗位核查（1）" in text(county) and "已满70周岁仍在岗" in text(county)
    county.click("summary:has-text('目标任务')")
    county.select_option("[name=measure]", "workers")
    county.locator("[name=target]").evaluate("e => e.type = 'text'")
    county.fill("[name=target]", "十万")
    county.fill("[name=source]", "周口市旅程目标任务")
    with county.expect_navigation():
        county.click("form[action='/jobs/targets'] button")
    assert "目标应为整数" in text(county) and county.input_value("[name=source]") == "周口市旅程目标任务"
    county.fill("[name=target]", "2000")
    with county.expect_navigation():
        county.click("form[action='/jobs/targets'] button")
    row = county.locator("tr", has_text="脱贫人口务工人数").inner_text()
    done = int(row.split("\t")[1])
    tenths = (done * 1000 * 2 + 2000) // (2 * 2000)
    assert "2000" in row and f"{tenths // 10}.{tenths % 10}%" in row, row
    with county.expect_download() as info:
        county.click("a:has-text('导出 XLSX')")
    path = tmp_path / "jobs.xlsx"
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("乡（镇、街道）", "务工人数")
    assert next(r for r in rows if r[0] == "合计")[1] == done

    # 公益岗位考勤: the demo left last month to the cadre's village.
    def unrecorded():
        cadre.goto(server.base + "/jobs")
        return int(re.search(r"公益岗位考勤（(\d+)）", text(cadre)).group(1))
    before = unrecorded()
    cadre.click("a.button:has-text('公益岗位考勤')")
    sheet = cadre.locator("input[name^=required]")
    posts = sheet.count()
    assert posts >= 1 and "公益岗位考勤" in text(cadre)
    sheet.nth(0).fill("22")
    cadre.locator("input[name^=present]").nth(0).fill("二十")
    with cadre.expect_navigation():
        cadre.click("main form[method=post] button")
    assert "请填写应出勤和实际出勤天数" in text(cadre) and cadre.locator("input[name^=present]").nth(0).input_value() == "二十"
    for i in range(posts):
        cadre.locator("input[name^=required]").nth(i).fill("22")
        cadre.locator("input[name^=present]").nth(i).fill("21" if i == 0 else "22")
    with cadre.expect_navigation():
        cadre.click("main form[method=post] button")
    assert f"已登记{posts}人的考勤" in text(cadre)
    # A blank pay was the pay the days earn: 21 of 22 days of a 500 yuan month.
    assert cadre.locator("input[name^=pay]").nth(0).input_value() == "477.27"
    assert unrecorded() < before


def test_county_checks_and_pays_an_insurance_claim_after_its_notice(server, browsers):
    """防贫保险: the county reads the scheme and the claims proposed from the 医保局 data, checks one, is told that a
    公示 still running cannot be paid, then pays it once five days have passed; the household's page shows it paid."""
    today = datetime.date.today()
    county = browsers.open("xian")
    county.goto(server.base + "/insurance")
    assert "赔付率" in text(county) and "医保局数据建议" in text(county)
    paid_before = text(county).count("已赔付 ")
    row = county.locator("tr", has=county.locator("button", has_text="审核通过")).first
    household = row.locator("a").first.get_attribute("href").split("#")[0]
    with county.expect_navigation():
        row.locator("button", has_text="审核通过").click()
    row = county.locator("tr", has=county.locator(f"a[href^='{household}']")).first
    assert "已审核待支付" in row.inner_text()
    row.locator("[name=noticeFrom]").fill((today - datetime.timedelta(days=2)).isoformat())
    with county.expect_navigation():
        row.locator("button", has_text="支付").click()
    assert "结束后才能支付" in text(county) or "公示不能早于理赔登记日" in text(county)
    county.goto(server.base + "/insurance")
    row = county.locator("tr", has=county.locator(f"a[href^='{household}']")).first
    row.locator("[name=noticeFrom]").fill((today - datetime.timedelta(days=8)).isoformat())
    with county.expect_navigation():
        row.locator("button", has_text="支付").click()
    assert text(county).count("已赔付 ") == paid_before + 1
    county.goto(server.base + household + "#insurance")
    assert "已赔付" in text(county) and "起付线" in text(county)
