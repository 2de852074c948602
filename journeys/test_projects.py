"""One project from a village's proposal through 入库 to 报账: the village cadre on a phone proposes it and posts its
公示, the township reviews, the county appraises and approves, registers a batch of money, gives the project part of
it (refused first for more than the batch holds), pays, reverses a wrong payment, and the project is accepted and
settled; its 公告公示 prints with the batch's 文号. Then the village links two of its households (联农带农), the county
registers the project's 光伏 station, the village books a month's income and pays a 公益岗位 wage from it, and the
household's page shows the project and the wage."""
import datetime
import re

from conftest import text


def pass_step(page, **fields):
    """Submits the project page's form for the current step with the given fields."""
    form = page.locator("form:has(input[name=action][value=pass])")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button").click()


def test_one_project_from_proposal_to_settlement(server, browsers):
    today = datetime.date.today()
    day = lambda n: (today + datetime.timedelta(days=n)).isoformat()

    # The village proposes on a phone; a missing field is marked and what was typed stays.
    cadre = browsers.open("cun", "phone")
    cadre.goto(server.base + "/projects")
    with cadre.expect_navigation():
        cadre.click("a:has-text('申报项目')")
    cadre.fill("[name=number]", "JOURNEY-001")
    cadre.fill("[name=name]", "旅程村光伏电站")
    cadre.select_option("[name=category]", "industry")
    cadre.fill("[name=goals]", "年发电收益不低于8万元，用于公益岗位和监测户帮扶")
    cadre.fill("[name=linkage]", "86.5")
    cadre.check("[name=way_dividend]")
    cadre.fill("[name=households]", "60")
    cadre.fill("[name=alleviated]", "41")
    cadre.fill("[name=monitored]", "5")
    cadre.fill("[name=implementer]", "村股份经济合作社")
    cadre.fill("[name=responsible]", "李建设")
    cadre.locator("[name=content]").evaluate("e => e.removeAttribute('required')")
    with cadre.expect_navigation():
        cadre.click("form button:has-text('提交申报')")
    assert "请填写建设内容" in text(cadre) and cadre.input_value("[name=linkage]") == "86.5"
    cadre.fill("[name=content]", "建设100千瓦村级光伏电站1座")
    with cadre.expect_navigation():
        cadre.click("form button:has-text('提交申报')")
    assert "/projects/" in cadre.url and "村级申报" in text(cadre), text(cadre)
    project = cadre.url.split("/projects/")[1]
    # A 公示 shorter than ten days is refused; ten days that have ended pass it to the township.
    pass_step(cadre, noticeFrom=day(-14), noticeDays="7")
    assert "公示7天，少于规定的10天" in text(cadre)
    pass_step(cadre, noticeFrom=day(-14), noticeDays="10")
    assert "乡镇审核" in text(cadre)

    township = browsers.open("nandun", "phone")
    township.goto(server.base + "/projects?mine=true")
    assert "旅程村光伏电站" in text(township)
    township.goto(f"{server.base}/projects/{project}")
    pass_step(township, noticeFrom=day(-11), noticeDays="10", comment="同意上报")
    assert "县级主管部门论证" in text(township)

    county = browsers.open("xian")
    county.goto(f"{server.base}/projects/{project}")
    pass_step(county, comment="技术可行")
    pass_step(county)
    assert "已入库" in text(county)

    # The county registers a batch and gives the project part of it.
    county.goto(server.base + "/funds")
    county.click("summary:has-text('登记资金下达')")
    county.select_option("[name=level]", "central")
    county.fill("[name=document]", f"豫财农〔{today.year}〕旅程1号")
    county.fill("[name=issuedOn]", day(0))
    county.fill("[name=amount]", "80")
    with county.expect_navigation():
        county.click("form[action='/funds'] button")
    assert f"豫财农〔{today.year}〕旅程1号" in text(county)
    batch_page = county.url
    county.click("summary:has-text('项目对接')")
    county.select_option("form[action$='/allocate'] [name=project]", project)
    county.fill("form[action$='/allocate'] [name=amount]", "86.5")
    with county.expect_navigation():
        county.click("form[action$='/allocate'] button")
    assert "超出批次" in text(county) and "可对接余额6.50万元" in text(county), text(county)
    county.fill("form[action$='/allocate'] [name=amount]", "80")
    with county.expect_navigation():
        county.click("form[action$='/allocate'] button")
    assert "已对接" in text(county) and "80.00万元，余额0.00万元" in text(county)

    county.goto(f"{server.base}/projects/{project}")
    pass_step(county)                               # 纳入年度计划
    township.goto(f"{server.base}/projects/{project}")
    pass_step(township)                             # 开工
    assert "实施中" in text(township)

    # A payment entered twice is reversed, never edited.
    county.goto(batch_page)
    for _ in range(2):
        county.click("summary:has-text('登记支付')")
        county.select_option("form[action$='/pay'] [name=project]", project)
        county.fill("form[action$='/pay'] [name=amount]", "40")
        county.select_option("form[action$='/pay'] [name=payee]", "contractor")
        county.fill("form[action$='/pay'] [name=payeeName]", "周口光伏工程有限公司")
        with county.expect_navigation():
            county.click("form[action$='/pay'] button")
    county.locator("table tr:has-text('40.00') summary:has-text('冲销')").first.click()
    form = county.locator("form[action*='/reverse']").first
    form.locator("[name=reason]").fill("重复录入")
    with county.expect_navigation():
        form.locator("button").click()
    body = text(county)
    assert "-40.00" in body and "冲销：重复录入" in body and "已冲销" in body, body

    township.goto(f"{server.base}/projects/{project}")
    pass_step(township)                             # 完工
    county.goto(f"{server.base}/projects/{project}")
    pass_step(county)                               # 验收合格
    pass_step(county)                               # 报账完成
    body = text(county)
    assert "已报账" in body and "已对接80.00万元，已支付40.00万元" in body, body
    for step in ["提交乡镇审核", "审核通过，报县级论证", "审定通过，入库", "纳入年度计划", "开工", "完工", "验收合格", "报账完成"]:
        assert step in body, step

    # The 公告公示 prints with the money by level and its 文号, and no household's personal data.
    cadre.goto(f"{server.base}/projects/{project}/notice")
    notice = text(cadre)
    assert f"中央资金80.00万元（豫财农〔{today.year}〕旅程1号）" in notice and "12317" in notice
    assert "带动60户（脱贫户41户、监测户5户）" in notice

    # 联农带农: the village links two of its households by pasting their numbers; an unknown number is refused, with
    # nothing linked, and what was pasted stays.
    village = server.query("SELECT region_code FROM users WHERE username = 'cun'")[0][0]
    first, second = [r[0] for r in server.query(
        "SELECT number FROM households WHERE village_code = ? AND status = 'active' AND category = 'alleviated' ORDER BY number LIMIT 2", village)]
    cadre.goto(f"{server.base}/projects/{project}")
    cadre.fill("#f-numbers", f"{first}\n{second}\nNOSUCH-1")
    with cadre.expect_navigation():
        cadre.click("button:has-text('关联农户')")
    body = text(cadre)
    assert "没有找到这些在册户编号：NOSUCH-1" in body and "已关联名册0户" in body and "NOSUCH-1" in cadre.input_value("#f-numbers"), body
    cadre.fill("#f-numbers", f"{first}、{second}")
    with cadre.expect_navigation():
        cadre.click("button:has-text('关联农户')")
    body = text(cadre)
    assert "已关联名册2户（脱贫户2户、监测对象0户）" in body and first in body and second in body, body

    # The county registers the station from the accepted project; the village books a month's income and pays one
    # household a 公益岗位 wage from it.
    county.goto(server.base + "/assets")
    with county.expect_navigation():
        county.click(f"li:has-text('JOURNEY-001') a:has-text('登记资产')")
    county.fill("[name=number]", "ZC-JOURNEY-1")
    county.fill("[name=name]", "旅程村光伏电站")
    county.select_option("[name=class]", "operating")
    county.select_option("[name=kind]", "photovoltaic")
    county.select_option("[name=place]", village)
    county.fill("[name=value]", "80")
    county.select_option("[name=owner]", "village_collective")
    county.fill("[name=confirmedOn]", day(0))
    county.select_option("[name=way]", "self_run")
    county.fill("[name=caretaker]", "李建设")
    county.fill("[name=capacityKW]", "100")
    with county.expect_navigation():
        county.click("form button:has-text('登记')")
    assert "旅程村光伏电站" in text(county) and "/assets/" in county.url, text(county)
    asset = county.url

    cadre.goto(asset)
    cadre.click("summary:has-text('登记收益')")
    income = cadre.locator(f"form[action$='/income']")
    income.locator("[name=amount]").fill("0.9")
    income.locator("[name=kwh]").fill("14000")
    with cadre.expect_navigation():
        income.locator("button").click()
    assert "0.90" in text(cadre) and "14000" in text(cadre), text(cadre)
    cadre.click("summary:has-text('登记收益分配')")
    plan = cadre.locator("form[action$='/distribute']")
    plan.locator("[name=use]").select_option("public_jobs")
    plan.locator("[name=amount]").fill("0.06")
    plan.locator("[name=decidedBy]").fill("四议两公开，村民代表大会通过")
    plan.locator("[name=payouts]").fill(f"{first} 600")
    with cadre.expect_navigation():
        plan.locator("button").click()
    body = text(cadre)
    assert "四议两公开，村民代表大会通过" in body and f"{first}" in body, body

    # The household's page shows the project that links it and the wage paid from the station's income.
    hid = server.uuid("SELECT id FROM households WHERE number = ?", first)
    cadre.goto(f"{server.base}/households/{hid}")
    body = text(cadre)
    assert "联农带农项目" in body and "JOURNEY-001 旅程村光伏电站" in body, body
    assert "项目资产收益分配" in body and re.search(r"旅程村光伏电站\s+公益岗位工资\s+600\b", body), body
