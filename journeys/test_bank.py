"""A bank's data officer's month: 项城农商银行's officer signs in and lands on its own upload page; a month-end file
that carries a row of another bank is refused whole, naming the row, and nothing is written; the corrected file goes in,
sent again adds nothing; the registry stays closed to it; the county's 小额信贷通报 then reads the new balances."""
import datetime

from conftest import text


def test_bank_officer_sends_its_month_end_file(server, browsers, tmp_path):
    month_end = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    # The demo's banks reported last month's end already; this file is today's.
    today = datetime.date.today()
    loans = server.query("""SELECT l.bank, l.contract, p.id_number, l.amount_fen FROM loans l JOIN persons p ON p.id = l.person_id
        WHERE l.bank = '项城农商银行' AND l.issued_on <= ? ORDER BY l.contract LIMIT 40""", str(month_end))
    assert len(loans) >= 10
    header = "贷款银行,合同编号,借款人身份证号,余额日期,贷款余额（元）,本期还款（元）,逾期天数"
    # Each loan with nine tenths of its amount left.
    rows = [f"{bank},{contract},{idn},{today},{amount * 9 // 1000},{amount // 1000},0" for bank, contract, idn, amount in loans]
    other = server.query("SELECT l.contract, p.id_number FROM loans l JOIN persons p ON p.id = l.person_id WHERE l.bank <> '项城农商银行' LIMIT 1")[0]
    bad = tmp_path / "农商行月末余额.csv"
    bad.write_text("\n".join([header] + rows[:5] + [f"邮储银行项城支行,{other[0]},{other[1]},{today},1000,0,0"] + rows[5:]) + "\n", encoding="gb18030")
    good = tmp_path / "农商行月末余额（改）.csv"
    good.write_text("\n".join([header] + rows) + "\n", encoding="gb18030")
    before = server.query("SELECT COUNT(*) FROM loan_reports")[0][0]

    bank = browsers.open("nongshang")
    assert bank.url.endswith("/bank/loans") and "本账号为项城农商银行数据员" in text(bank)
    bank.set_input_files("input[type=file]", str(bad))
    with bank.expect_navigation():
        bank.click("main form button")
    assert "未导入任何数据" in text(bank) and "本账号只能报送项城农商银行的贷款" in text(bank) and other[0] not in text(bank).split("问题")[0]
    assert server.query("SELECT COUNT(*) FROM loan_reports")[0][0] == before
    bank.set_input_files("input[type=file]", str(good))
    with bank.expect_navigation():
        bank.click("main form button")
    assert f"{len(rows)}行" in text(bank) and "本账号最近的报送" in text(bank), text(bank)
    after = server.query("SELECT COUNT(*) FROM loan_reports")[0][0]
    assert after > before
    bank.set_input_files("input[type=file]", str(good))
    with bank.expect_navigation():
        bank.click("main form button")
    assert "此前已导入" in text(bank)
    assert server.query("SELECT COUNT(*) FROM loan_reports")[0][0] == after
    response = bank.goto(server.base + "/households")
    assert response.status == 403

    county = browsers.open("xian")
    county.goto(server.base + "/loans/bulletin")
    assert "小额信贷通报" in text(county) and "贷款余额与风险" in text(county)
