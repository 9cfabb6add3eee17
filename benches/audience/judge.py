#!/usr/bin/env python3
"""Judge livestream picks: could a host put this vacancy on air for this audience?

usage: judge.py JOBS_CSV PICKS_DIR
PICKS_DIR holds one `<city>__<group>.json` per audience (the answer of GET /v1/live/picks).
The judgement reads the real posting (by its id in the platform export, columns 职位自编号, 职位,
学历, 所需经验, 最低薪资, 职位描述) and applies the explicit rules below, written from what a host
and a caseworker would object to, independently of bole's code. Prints the share of suitable picks
per audience, and every unsuitable pick with the rule it broke.
"""
import csv, json, os, re, sys

# Every audience: a posting no host should put on air.
TRAP = re.compile(r"0元入职|零元入职|试喝|试吃|签约艺人|刷单|网络兼职|打字员|躺赚|足不出户|日[赚入]\d{3}|居家[^，。\n]{0,4}日结|日结[^，。\n]{0,8}居家")
# A fee asked of applicants, unless the posting says it is not asked (无押金, 不收取任何费用、押金).
FEE = re.compile(r"押金|培训费|服装费|体检费|保证金")
NO_FEE = re.compile(r"(无|不|免|零|0|没有|不收取?任何费用[、，]?)\S{0,3}$")
BIAS = re.compile(r"限男|限女|仅限男|仅限女|男性优先|女性优先|本地户[口籍]|户籍要求|汉族|男\d{2}\s*[-~至到]\s*\d{2}岁[，,、\s]*女")
PART_TIME = re.compile(r"兼职|小时工|钟点工|日结|计件")
# Education above what most of the audience holds.
ABOVE_SENIOR_HIGH = re.compile(r"大专|专科|本科|硕士|博士|研究生")
ABOVE_JUNIOR_HIGH = re.compile(r"高中|中专|中技|职高|技校|大专|专科|本科|硕士|博士|研究生")
ABOVE_BACHELOR = re.compile(r"硕士|博士|研究生")
SENIOR = ["经理", "总监", "主管", "资深", "专家", "高级", "负责人", "总工", "架构师", "店长", "合伙人", "创始人",
          "总裁", "Manager", "manager", "Director"]
# Internships (实习, 见习) are for graduates and young people only.
INTERN = ["实习", "见习"]
# Work that needs a profession or an office career, by title.
WHITE_COLLAR = ["工程师", "开发", "程序员", "经理", "总监", "主管", "专员", "分析", "设计", "会计",
                "财务", "律师", "法务", "顾问", "咨询", "教师", "老师", "讲师", "医生", "医师", "护士",
                "药师", "外贸", "产品", "运营", "算法", "架构", "专家", "资深", "高级", "编辑", "策划",
                "翻译", "研究", "主播", "艺人", "数据", "测试", "人事", "HR", "hr", "监理", "造价",
                "资料员", "技术员", "java", "Java", "前端", "后端", "创始人", "优化师", "人才", "实施",
                "Engineer", "engineer", "Developer", "developer", "C++", "Trainee", "投放"] + SENIOR


GROUPS = {
    # group: (education rule, most years of experience, titles excluded)
    "migrant_worker": (ABOVE_SENIOR_HIGH, 5, WHITE_COLLAR),
    "graduate": (ABOVE_BACHELOR, 1, SENIOR),
    "hard_to_employ": (ABOVE_SENIOR_HIGH, 2, WHITE_COLLAR),
    "disabled": (ABOVE_SENIOR_HIGH, 2, WHITE_COLLAR),
    "older_worker": (ABOVE_JUNIOR_HIGH, 10, WHITE_COLLAR),
}


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def judge(row, group):
    title = row["职位"]
    text = title + "\n" + (row.get("职位描述") or "")
    if TRAP.search(text):
        return "trap or fee phrase: " + TRAP.search(text).group(0)
    for m in FEE.finditer(text):
        if not NO_FEE.search(text[max(0, m.start() - 8):m.start()]):
            return "fee asked: " + text[max(0, m.start() - 8):m.end()].replace("\n", " ")
    if BIAS.search(text):
        return "discriminatory condition: " + BIAS.search(text).group(0)
    lo = num(row.get("最低薪资"))
    if lo is not None and lo < 1000 and not PART_TIME.search(text):
        return f"pay {lo:g} a month cannot be full-time monthly pay"
    edu_rule, years, titles = GROUPS[group]
    edu = row.get("学历") or ""
    if edu_rule.search(edu):
        return f"asks {edu}"
    exp = num(row.get("所需经验")) or 0.0
    if exp > years:
        return f"asks {exp:g} years"
    for w in titles:
        if w in title:
            return f"title names {w}"
    if group != "graduate":
        for w in INTERN:
            if w in title:
                return f"an internship ({w}) for a {group} audience"
    return None


def main():
    jobs_csv, picks_dir = sys.argv[1], sys.argv[2]
    rows = {r["职位自编号"]: r for r in csv.DictReader(open(jobs_csv, encoding="utf-8"))}
    total_ok = total = 0
    worst = 1.0
    for name in sorted(os.listdir(picks_dir)):
        if not name.endswith(".json"):
            continue
        city, group = name[:-5].split("__")
        picks = json.load(open(os.path.join(picks_dir, name)))["picks"]
        bad = []
        for p in picks:
            row = rows.get(p["job_id"])
            why = "unknown id" if row is None else judge(row, group)
            if why:
                bad.append((p["job_id"], p["title"], why))
        ok = len(picks) - len(bad)
        share = ok / len(picks) if picks else 0.0
        worst = min(worst, share)
        total_ok += ok
        total += len(picks)
        print(f"{city:4} {group:15} {ok:2}/{len(picks):2} suitable")
        for b in bad:
            print(f"      ✗ {b[1]} ({b[0]}): {b[2]}")
    print(f"ALL  {total_ok}/{total} suitable = {total_ok / max(total, 1):.1%}; worst audience {worst:.0%}")


if __name__ == "__main__":
    main()
