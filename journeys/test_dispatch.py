"""A 驻村第一书记's week on a phone and the township's desk: zhucun opens 驻村帮扶, taps “我在村” (the time is the
server's; the browser is asked for its location and the tap goes on without it when refused), asks for four days of
leave; 南顿镇 sees the request marked as the county's to approve and is refused when it tries, records an unannounced
check that finds the secretary away; the county approves the leave; the secretary's tap and leave show on the page."""
import datetime

from conftest import text


def test_secretary_taps_asks_leave_and_is_checked(server, browsers):
    before = server.query("SELECT COUNT(*) FROM dispatch_taps")[0][0]
    phone = browsers.open("zhucun", "phone")
    phone.goto(server.base + "/dispatch")
    assert "我在村" in text(phone) and "本周" in text(phone)
    # A fresh demo's last taps may be minutes old; a tap more than ten minutes after the last is a new one.
    last = server.query("SELECT MAX(at) FROM dispatch_taps t JOIN dispatch_members m ON m.id = t.member_id JOIN users u ON u.id = m.user_id WHERE u.username = 'zhucun'")[0][0]
    with phone.expect_navigation():
        phone.click("button[data-locate]")
    assert "已记录在村" in text(phone)
    after = server.query("SELECT COUNT(*) FROM dispatch_taps")[0][0]
    assert after in (before, before + 1)
    newest = server.query("SELECT MAX(at) FROM dispatch_taps t JOIN dispatch_members m ON m.id = t.member_id JOIN users u ON u.id = m.user_id WHERE u.username = 'zhucun'")[0][0]
    assert newest is not None and (last is None or newest >= last)

    start = datetime.date.today() + datetime.timedelta(days=20)
    phone.click("details > summary:text-is('请假')")
    phone.fill("input[name=from]", str(start))
    phone.fill("input[name=to]", str(start + datetime.timedelta(days=3)))
    phone.fill("form[action='/dispatch/leaves'] input[name=reason]", "参加党校集中轮训")
    with phone.expect_navigation():
        phone.click("text=提交请假")
    assert "请假已提交，待审批" in text(phone)
    leave_id = server.uuid("SELECT id FROM dispatch_leaves WHERE reason = '参加党校集中轮训'")

    township = browsers.open("nandun", "phone")
    township.goto(server.base + "/dispatch")
    assert "待审批的请假" in text(township) and "参加党校集中轮训" in text(township) and "由县级审批" in text(township)
    with township.expect_navigation():
        township.click(f"form[action='/dispatch/leaves/{leave_id}'] >> text=批准")
    assert "超过乡镇审批权限（3天），应报县级审批" in text(township)
    assert server.query("SELECT state FROM dispatch_leaves WHERE id = ?", leave_id)[0][0] == "requested"

    member_id = server.uuid("SELECT m.id FROM dispatch_members m JOIN users u ON u.id = m.user_id WHERE u.username = 'zhucun'")
    checks = server.query("SELECT COUNT(*) FROM dispatch_checks WHERE member_id = ?", member_id)[0][0]
    township.goto(server.base + "/dispatch")
    form = f"form[action='/dispatch/members/{member_id}'][method=post]:has(input[value=check])"
    township.click(f"details:has({form}) > summary")
    township.select_option(f"{form} select[name=method]", "unannounced")
    township.select_option(f"{form} select[name=present]", "no")
    township.fill(f"{form} input[name=note]", "入户暗访，村内未见，电话称在县城开会")
    with township.expect_navigation():
        township.click(f"{form} button")
    assert "已登记" in text(township)
    assert server.query("SELECT COUNT(*) FROM dispatch_checks WHERE member_id = ? AND present = 0", member_id)[0][0] >= 1
    assert server.query("SELECT COUNT(*) FROM dispatch_checks WHERE member_id = ?", member_id)[0][0] == checks + 1

    county = browsers.open("xian")
    county.goto(server.base + "/dispatch")
    assert "驻村工作队" in text(county) and "队均人数" in text(county) and "南顿镇" in text(county)
    with county.expect_navigation():
        county.click(f"form[action='/dispatch/leaves/{leave_id}'] >> text=批准")
    assert server.query("SELECT state FROM dispatch_leaves WHERE id = ?", leave_id)[0][0] == "approved"

    phone.goto(server.base + "/dispatch")
    phone.click("details > summary:text-is('请假')")
    assert "参加党校集中轮训" in text(phone) and "已批准" in text(phone)
