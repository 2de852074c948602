"""Real-size office files for the journeys: a registry CSV of new households in the demo county's villages, and a
医保 settlement file of about a million rows, mostly people outside the registry, a few inside it with large bills."""
import csv
import datetime
import io
import random

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(area: str, birth: str, seq: int) -> str:
    body = f"{area}{birth}{seq:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]
    return body + check


REGISTRY_HEADER = ["户编号", "村区划代码", "村名称", "姓名", "身份证号", "与户主关系", "户类别", "劳动能力", "健康状况", "残疾等级",
                   "在校生状况", "参加基本医疗保险", "住房安全等级", "饮水安全", "收入年度", "工资性收入", "生产经营性收入", "转移性收入",
                   "生产经营性支出"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰金凤春梅海燕志强永胜文博"


def registry_csv(villages: list[tuple[str, str]], target_bytes: int, seed: int = 13) -> bytes:
    """Households numbered J000001… in the given villages, with IDs born in area 411602 so none collides with the demo."""
    rng = random.Random(seed)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(REGISTRY_HEADER)
    n, seq, written = 0, 0, 0
    while written < target_bytes:
        if n % 200 == 0:
            written = len(out.getvalue().encode("utf-8"))
        n += 1
        code, name = villages[n % len(villages)]
        size = rng.choice([1, 2, 3, 3, 4, 4, 5])
        surname = rng.choice(SURNAMES)
        for k in range(size):
            seq += 1
            # A different birth day every 1,000 persons: IDs stay unique up to tens of millions of rows.
            born = datetime.date(1940, 1, 1) + datetime.timedelta(days=(seq // 1000) % 25000)
            pid = resident_id("411602", born.strftime("%Y%m%d"), seq % 1000)
            relation = "户主" if k == 0 else ("配偶" if k == 1 else "之子")
            head = k == 0
            w.writerow([f"J{n:06d}", code, name, surname + rng.choice(GIVEN) + rng.choice(GIVEN), pid, relation, "一般农户",
                        "普通劳动力", "健康", "", "非在校生", "是", "A" if head else "", "是" if head else "",
                        "2025" if head else "", rng.randint(8000, 60000) if head else "", rng.randint(0, 9000) if head else "",
                        rng.randint(0, 3000) if head else "", rng.randint(0, 2000) if head else ""])
    return out.getvalue().encode("utf-8")


def medical_csv(insiders: list[tuple[str, str]], target_bytes: int, settled_on: str, seed: int = 17) -> bytes:
    """About `target_bytes` of settlements: each registry person in `insiders` once with a large bill, the rest
    people of another county with ordinary bills."""
    rng = random.Random(seed)
    lines = ["身份证号,姓名,结算日期,个人自付"]
    size = len(lines[0]) + 1
    for pid, name in insiders:
        line = f"{pid},{name},{settled_on},{rng.randint(30000, 80000)}"
        lines.append(line)
        size += len(line.encode()) + 1
    seq = 0
    while size < target_bytes:
        seq += 1
        birth = f"{1940 + seq % 70}{1 + seq % 12:02d}{1 + seq % 28:02d}"
        line = f"{resident_id('410102', birth, seq % 1000)},{rng.choice(SURNAMES)}{rng.choice(GIVEN)},{settled_on},{rng.randint(10, 3000)}"
        lines.append(line)
        size += len(line.encode()) + 1
    return ("\n".join(lines) + "\n").encode("utf-8")
