"""A problem from 督查 to 销号: 南顿镇 hands a problem about one of 陈小圈村's households to the village on a desk;
the village cadre sees it in 我的工作 on the phone, reports it rectified with what was done and attaches a photo (a
page renamed .jpg is refused saying why; the photo comes back unchanged, and not to a department officer); the village
cannot 销号 it; the township does, and the 两单 print with the unit and the person answerable."""
import datetime
import random
import struct
import zlib

from conftest import text


def noisy_png(width, height, seed=7):
    """A valid RGB PNG of random pixels: as large as a phone photo of that size and as real to the server's checks."""
    rng = random.Random(seed)
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")

def test_problem_handed_rectified_and_closed(server, browsers, tmp_path):
    today = datetime.date.today()
    village = server.query("SELECT region_code FROM users WHERE username = 'cun'")[0][0]
    number = server.query("SELECT number FROM households WHERE village_code = ? ORDER BY number LIMIT 1", village)[0][0]

    township = browsers.open("nandun")
    township.goto(server.base + "/problems")
    township.click("summary:text-is('交办整改问题')")
    new = "form[method=post][action='/problems']"
    township.select_option(f"{new} select[name=source]", "inspection")
    township.fill("input[name=household]", number)
    township.fill("input[name=category]", "档案资料不全")
    township.fill("textarea[name=text]", "监测户识别程序缺少民主评议记录（督查抽查）")
    township.fill("input[name=leadUnit]", "陈小圈村民委员会")
    township.fill("input[name=responsible]", "村党支部书记")
    township.fill("textarea[name=measures]", "补齐评议记录和公示照片，规范归档")
    township.fill("input[name=deadline]", str(today + datetime.timedelta(days=15)))
    with township.expect_navigation():
        township.click(f"{new} button")
    assert "已登记" in text(township) and "监测户识别程序缺少民主评议记录（督查抽查）" in text(township)

    phone = browsers.open("cun", "phone")
    phone.goto(server.base + "/work?kind=problem")
    assert "整改问题" in text(phone) and "档案资料不全" in text(phone)
    phone.goto(server.base + "/problems?state=rectifying")
    row = phone.locator("tr", has_text="监测户识别程序缺少民主评议记录（督查抽查）")
    row.locator("summary:text-is('登记整改完成')").click()
    row.locator("textarea[name=text]").fill("已补齐评议记录（参会21人）和公示照片，档案已归档")
    with phone.expect_navigation():
        row.locator("button:text-is('登记')").click()
    row = phone.locator("tr", has_text="监测户识别程序缺少民主评议记录（督查抽查）")
    assert "已整改" in row.inner_text() and "待乡镇销号" in row.inner_text()
    # A photo of the filed minutes: a real PNG of a few hundred KB (photo-like noise, which does not compress; a
    # screenshot of the page was used before, and its size went with how many problems the demo had that day); then
    # a page renamed to .jpg, which is refused saying why.
    photo = tmp_path / "评议记录照片.png"
    photo.write_bytes(noisy_png(480, 360))
    assert photo.stat().st_size > 300_000
    row.locator("summary:text-is('上传佐证（照片、PDF）')").click()
    row.locator("input[type=file]").set_input_files(str(photo))
    with phone.expect_navigation():
        row.locator("button:text-is('上传')").click()
    fake = tmp_path / "照片.jpg"
    fake.write_text("<html><script>alert(1)</script></html>")
    phone.goto(server.base + "/problems?state=rectified")
    row = phone.locator("tr", has_text="监测户识别程序缺少民主评议记录（督查抽查）")
    assert "评议记录照片.png" in row.inner_text()
    row.locator("summary:text-is('上传佐证（照片、PDF）')").click()
    row.locator("input[type=file]").set_input_files(str(fake))
    with phone.expect_navigation():
        row.locator("button:text-is('上传')").click()
    assert "文件内容不是JPEG图片" in text(phone)
    phone.goto(server.base + "/problems?state=rectified")
    row = phone.locator("tr", has_text="监测户识别程序缺少民主评议记录（督查抽查）")
    href = row.locator("a", has_text="评议记录照片.png").get_attribute("href")
    got = phone.request.get(server.base + href)
    assert got.status == 200 and got.headers["content-type"] == "image/png" and got.body() == photo.read_bytes()
    assert browsers.open("yibao").request.get(server.base + href).status in (403, 404)
    assert row.locator("button:text-is('销号')").count() == 0

    township.goto(server.base + "/problems?state=rectified")
    row = township.locator("tr", has_text="监测户识别程序缺少民主评议记录（督查抽查）")
    with township.expect_navigation():
        row.locator("button:text-is('销号')").click()
    township.goto(server.base + "/problems?state=closed")
    assert "监测户识别程序缺少民主评议记录（督查抽查）" in text(township)
    township.goto(server.base + "/problems?lists=1")
    assert "问题清单" in text(township) and "责任清单" in text(township) and "陈小圈村民委员会" in text(township)
