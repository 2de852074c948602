"""The farmer's page behind the QR code, and the village cadre's day on a phone."""
import re
import uuid

from conftest import text
from files import resident_id


def village_of(server, user):
    return server.query("SELECT region_code FROM users WHERE username = ?", user)[0][0]


def test_farmer_declares_by_the_qr_link_mistypes_and_is_told(server, browsers):
    cadre = browsers.open("cun", "phone")
    village = village_of(server, "cun")
    cadre.goto(f"{server.base}/regions/{village}/qr")
    link = re.search(r"https?://\S+/declare/\d{12}", text(cadre)).group(0)   # printed under the code
    assert link.startswith(server.base) and link.endswith(f"/declare/{village}"), link
    assert "环境变量" not in text(cadre) and "BOTTOMLINE" not in text(cadre)

    farmer = browsers.open(None, "phone")
    farmer.goto(link)
    farmer.fill("#f-name", "牛大壮")
    good_id = resident_id("411681", "19800512", 731)
    farmer.fill("#f-idNumber", good_id[:-1] + ("0" if good_id[-1] != "0" else "1"))  # a wrong check digit
    farmer.fill("#f-phone", "13912345678")
    farmer.select_option("#f-difficulty", index=1)
    farmer.fill("#f-description", "儿子车祸住院，自付医疗费约5万元")
    farmer.check("input[name=consent]")
    farmer.click("button.wide")
    page = text(farmer)
    assert "身份证号" in page and "校验" in page, page
    assert farmer.input_value("#f-name") == "牛大壮" and farmer.input_value("#f-description").startswith("儿子车祸")
    assert "/login" not in farmer.url

    farmer.fill("#f-idNumber", good_id)
    if not farmer.is_checked("input[name=consent]"):
        farmer.check("input[name=consent]")
    farmer.click("button.wide")
    receipt = text(farmer)
    assert "已收到" in receipt or "受理" in receipt, receipt
    assert good_id not in farmer.content()

    # Typos never count against the limits: four more mistyped declarations are each told what is wrong, and the
    # pages of this village and of others still answer with the form (once, all of them answered 429 for 20 minutes).
    for n in range(4):
        farmer.goto(link)
        farmer.fill("#f-name", "牛大壮")
        farmer.fill("#f-idNumber", "41168119800512" + str(n))
        farmer.fill("#f-phone", "1391234567" + str(n))
        farmer.select_option("#f-difficulty", index=1)
        farmer.fill("#f-description", "又来申报")
        farmer.check("input[name=consent]")
        farmer.click("button.wide")
        assert "身份证号" in text(farmer) and "/login" not in farmer.url
    other = server.query("SELECT code FROM regions WHERE length(code) = 12 AND code LIKE '411681102%' ORDER BY code LIMIT 1")[0][0]
    for village_code in [village, other]:
        response = farmer.goto(f"{server.base}/declare/{village_code}")
        assert response.status == 200 and farmer.locator("#f-idNumber").count() == 1, (village_code, response.status)

    # The village cadre finds it at the top of the day's work.
    cadre.goto(server.base + "/work")
    assert "牛大壮" in text(cadre) and "农户自主申报" in text(cadre)


def test_village_cadre_works_the_list_on_a_phone_visits_files_a_clue_and_reveals_a_phone(server, browsers):
    cadre = browsers.open("cun", "phone")
    cadre.goto(server.base + "/work")
    header = cadre.locator("header.top").bounding_box()
    assert header["height"] <= 80, f"the header takes {header['height']} px of 844"
    first = cadre.locator("main table tbody tr").first.bounding_box()
    assert first["y"] + first["height"] <= 844, "the first piece of work is not on the first screen"
    # The menu is folded and opens with one tap.
    assert not cadre.locator("header nav a[href='/households']").is_visible()
    cadre.click("label.menu-button")
    assert cadre.locator("header nav a[href='/households']").is_visible()
    cadre.click("header nav a[href='/households']")

    # A household that is not monitored: visit it, and file a clue from the visit.
    village = village_of(server, "cun")
    hid, = server.query("SELECT id FROM households WHERE village_code = ? AND monitoring_category IS NULL AND status = 'active' "
                        "ORDER BY number LIMIT 1", village)[0]
    hid = (str(uuid.UUID(bytes=hid)) if isinstance(hid, bytes) else str(hid)).upper()
    cadre.goto(f"{server.base}/households/{hid}")
    assert cadre.locator("text=登记走访").count() > 0
    # Reveal the household's phone: one tap, a tel: link, recorded.
    cadre.locator("form[action$='/phone'] button").first.click()
    tel = cadre.locator("a[href^='tel:']").first
    assert re.fullmatch(r"tel:1\d{10}", tel.get_attribute("href")), tel.get_attribute("href")
    cadre.reload()
    assert cadre.locator("a[href^='tel:']").count() == 0, "a revealed phone is shown once"

    cadre.click("summary:has-text('登记走访')")
    cadre.select_option("#f-incomeTrend", "falling")
    cadre.fill("#f-findings", "户主在工地摔伤，停工两个月，医药费约2万元")
    cadre.check("input[name=clue]")
    cadre.locator("form[action$='/visits'] select[name=difficulty]").select_option("05")
    cadre.click("form[action$='/visits'] button")
    assert "/clues/" in cadre.url, cadre.url
    assert "户主在工地摔伤" in text(cadre)
    cadre.goto(server.base + "/audit")
    assert "电话" in text(cadre)
