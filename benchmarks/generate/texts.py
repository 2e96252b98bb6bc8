"""Complaint templates by category, and the telling of a complaint worded afresh."""

from __future__ import annotations

import random

from .categories import CategorySpec
from .names import (
    HOSPITALS,
    ILLNESS,
    JOBS,
    KIN,
    PLACE_WORDS,
    SCHOOLS,
    community,
    company,
    estate,
    masked,
    person,
    road,
)

OPENINGS = (
    "尊敬的领导：",
    "尊敬的各位领导：",
    "{district}信访办：",
    "领导好，",
    "",
    "",
    "",
    "您好！",
)
CLOSINGS = (
    "请求领导帮我们解决。",
    "恳请相关部门依法处理。",
    "希望有关部门督促落实。",
    "请求政府主持公道。",
    "盼望早日答复。",
    "特此反映，此致敬礼！",
    "麻烦你们帮忙催一下。",
    "请领导重视，尽快处理。",
    "",
)
SECOND_TIME = (
    "这件事我{y}年已经反映过一次，到现在还没有解决。",
    "之前已经来信反映过，答复我不满意，现在再次反映。",
    "上次反映后说会处理，{months}个月过去了没有任何变化。",
    "这是我第二次反映这个问题。",
)
PHONE_OPENINGS = ("喂，你好，", "你好，我想反映个事情，", "喂，是信访办吗？")

#: Wording a petitioner may choose differently each time (applied to the template parts only).
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("拖欠", ("欠着", "拖着不给", "拖欠", "克扣")),
    ("答复", ("回复", "回应", "说法", "结论")),
    ("结果", ("下文", "进展", "回音", "结果")),
    ("工资", ("工钱", "薪水", "劳务费", "血汗钱", "工资款")),
    ("项目", ("工程", "工地", "楼盘", "项目")),
    ("业主", ("住户", "购房户", "房主", "业主")),
    ("补偿", ("赔偿", "补助", "补偿款", "安置费")),
    ("开发商", ("房企", "开发公司", "建设方", "甲方")),
    ("村民", ("群众", "乡亲", "农户", "社员")),
    ("老板", ("负责人", "包工头", "经理", "老总")),
    ("工人", ("民工", "务工人员", "师傅", "工友")),
    ("找", ("联系", "寻找", "去找", "约见")),
    ("推说", ("借口", "声称", "托词", "辩称")),
    ("交房", ("交付", "交钥匙", "入住")),
    ("房屋", ("住房", "房子", "屋子")),
    ("施工", ("作业", "开工", "干活")),
    ("医院", ("院方", "医方")),
    ("孩子", ("小孩", "娃儿", "子女")),
    ("土地", ("田地", "耕地", "地")),
    ("多名", ("不少", "好些", "多位")),
    ("严重", ("非常", "特别", "十分")),
    ("每天", ("天天", "每日", "成天")),
    ("不接", ("不回", "关机", "不理")),
)

TIMELINE_ACTS = (
    "对方付了",
    "又借给他",
    "我们垫付",
    "签了欠条",
    "只退回",
    "他承诺还",
    "结算单写明",
    "转账",
    "交了押金",
    "补交了",
    "被扣了",
    "收到",
)

#: Circumstances a letter adds around its facts: who went where, what they were told.
WHEN = (
    "{y}年{m1}月{d}日",
    "{m2}月{d}号",
    "上个月",
    "去年年底",
    "今年春节前",
    "前几天",
    "{d}号那天",
    "国庆前后",
    "端午节后",
)
WHO = ("我", "我和{kin}", "我们{count}个人", "{name}", "我{kin}", "几个工友", "我们几户人")
WENT = ("去了", "又到", "专门跑到", "打电话到", "写信给", "坐车去", "一起去", "找到")
PLACES = (
    "{street}办事处",
    "{district}政府",
    "{street}派出所",
    "{company}总部",
    "{road}的门市",
    "{community}居委会",
    "{village}村委会",
    "市里的接待中心",
    "{district}人民法院",
    "律师事务所",
    "{district}信访接待大厅",
    "12345热线",
    "{project}项目部",
    "{street}司法所",
    "{district}劳动仲裁院",
)
DID = (
    "找{boss}",
    "要求见负责人",
    "递交了书面材料",
    "当面反映情况",
    "咨询相关政策",
    "讨个说法",
    "要求查看合同",
    "申请调解",
    "复印了证据",
    "做了笔录",
    "要求对方出具书面意见",
    "拍了照片",
)
RESULT = (
    "对方说{excuse}",
    "被保安拦在门外",
    "等了{hours}个小时没人接待",
    "工作人员让我们回去等通知",
    "答应一周内答复，结果石沉大海",
    "接待的人说不归他们管",
    "对方态度很差，还推了我{kin}一把",
    "说要请示领导",
    "只登记了一下就让我们走了",
    "对方让我们去起诉",
    "说材料不全，下次再来",
    "他们互相推来推去",
    "留了电话，后来再也打不通",
)
EXCUSES = (
    "资金还没到位",
    "上面还没批",
    "手续正在办理",
    "账上没钱",
    "要等审计结束",
    "政策有变化",
    "负责人换了",
    "这事已经过了时效",
    "要先走法律程序",
    "合同上没写",
)
HARDSHIP = (
    "{kin}患{illness}住院，每个月光药费就要{amount2}元。",
    "家里还有{age}岁的老人要养，孩子马上要交学费。",
    "我今年{age}岁了，身体也不好，实在耗不起。",
    "为了这件事我已经{months}个月没法正常上班。",
    "房租已经欠了两个月，房东天天催。",
    "我们都是外地来渝务工的，在这里举目无亲。",
    "{kin}为这事急得生了病，整夜睡不着。",
    "",
)


def complaint_facts(
    rng: random.Random, *, district: str, street: str, today_year: int
) -> dict[str, str]:
    """The concrete facts of one complaint: the same in every telling of it."""
    y = rng.randint(today_year - 4, today_year)
    m1 = rng.randint(1, 10)
    village = rng.choice(PLACE_WORDS) + "村"
    return {
        "district": district,
        "street": street,
        "name": person(rng),
        "boss": masked(rng) if rng.random() < 0.6 else person(rng),
        "company": company(rng, district),
        "company2": company(rng, district),
        "project": estate(rng) + rng.choice(("", "一期", "二期", "三期", "安置房", "")),
        "community": community(rng),
        "village": village,
        "group": str(rng.randint(1, 12)),
        "road": road(rng),
        "building": str(rng.randint(1, 36)),
        "shop": rng.choice(PLACE_WORDS)
        + rng.choice(("火锅店", "超市", "烧烤店", "茶楼", "五金店", "药房", "美容店")),
        "school": district.rstrip("区县") + rng.choice(SCHOOLS),
        "hospital": district.rstrip("区县") + rng.choice(HOSPITALS),
        "hospital2": rng.choice(("重医附一院", "重医附二院", "新桥医院", "西南医院", "大坪医院")),
        "illness": rng.choice(ILLNESS),
        "kin": rng.choice(KIN),
        "job": rng.choice(JOBS),
        "y": str(y),
        "y2": str(min(today_year, y + rng.randint(0, 2))),
        "m1": str(m1),
        "m2": str(rng.randint(m1 + 1, 12)),
        "count": str(rng.choice((2, 3, 5, 6, 8, 9, 11, 13, 17, 23, 28, 35, 46, 60, 120))),
        "amount": str(rng.choice((rng.randint(30, 990) * 100, rng.randint(1000, 99999) * 10))),
        "amount2": str(rng.randint(5, 300) * 100),
        "area": str(rng.randint(40, 380)),
        "mu": str(rng.choice((0.8, 1.2, 1.5, 2.3, 3, 4.6, 6, 12, 35))),
        "months": str(rng.randint(2, 30)),
        "visits": rng.choice(("两", "三", "四", "五", "好几", "十几")),
        "hour": str(rng.choice((10, 11, 12, 1, 2))),
        "age": str(rng.randint(6, 86)),
        "grade": rng.choice("一二三四五六七八九"),
        "disability": rng.choice("七八九十"),
        "roster": "|".join(
            f"{person(rng)}:{rng.randint(12, 980) * 10}:{rng.randint(1, 30)}-{rng.randint(1, 999)}"
            for _ in range(rng.randint(3, 12))
        ),
        "phone_tail": str(rng.randint(1000, 9999)),
    }


def _reword(rng: random.Random, text: str) -> str:
    for word, choices in SYNONYMS:
        if word in text and rng.random() < 0.75:
            text = text.replace(word, rng.choice(choices))
    return text


#: Fact-bearing asides a writer puts into a sentence (each telling its own).
ASIDES = (
    "（{road}）",
    "据{who}讲",
    "当时{who}也在场",
    "{m2}月{d}日那天",
    "（{who}可以证明）",
    "就在{community}",
    "连{who}都知道",
    "{who}亲眼看到",
)


def _vary(rng: random.Random, sentence: str, facts: dict[str, str]) -> str:
    """Say a template sentence one's own way: drop or reorder clauses, add an aside."""
    if not sentence:
        return sentence
    end = sentence[-1] if sentence[-1] in "。，" else ""
    clauses = [c for c in sentence.rstrip("。，").split("，") if c]
    kept = clauses[:1] + [c for c in clauses[1:] if rng.random() < 0.7]
    if len(kept) > 2 and rng.random() < 0.3:
        rest = kept[1:]
        rng.shuffle(rest)
        kept = kept[:1] + rest
    if rng.random() < 0.45:
        who = rng.choice(facts["roster"].split("|")).split(":")[0]
        aside = rng.choice(ASIDES).replace("{who}", who)
        kept.insert(rng.randint(1, len(kept)), aside)
    return "，".join(kept) + end


def _circumstance(rng: random.Random) -> str:
    return (
        f"{rng.choice(WHEN)}，{rng.choice(WHO)}{rng.choice(WENT)}{rng.choice(PLACES)}"
        f"{rng.choice(DID)}，{rng.choice(RESULT)}。"
    )


def _roster(rng: random.Random, roster: str) -> str:
    """The people and figures of the complaint, some of them, in some order."""
    rows = [row.split(":") for row in roster.split("|")]
    rows = rng.sample(rows, max(2, round(len(rows) * rng.uniform(0.6, 1.0))))
    form = rng.randrange(4)
    if form == 0:
        return "其中" + "，".join(f"{n}{a}元" for n, a, _ in rows) + "。"
    if form == 1:
        return "、".join(n for n, _, _ in rows) + "都能作证。"
    if form == 2:
        return "；".join(f"{n}{a}元{h}号" for n, a, h in rows) + "。"
    return "、".join(f"{n}（{h}号）" for n, _, h in rows) + "。"


def _timeline(rng: random.Random, facts: dict[str, str]) -> str:
    """Dated steps of the complaint, with its own numbers."""
    y, m = int(facts["y"]), int(facts["m1"])
    steps = []
    for _ in range(rng.randint(2, 4)):
        m += rng.randint(1, 3)
        y, m = (y + 1, m - 12) if m > 12 else (y, m)
        steps.append(
            f"{y}年{m}月{rng.randint(1, 28)}日"
            f"{rng.choice(TIMELINE_ACTS)}{rng.randint(2, 900) * 10}元"
        )
    return "；".join(steps) + "。"


def tell(
    rng: random.Random,
    spec: CategorySpec,
    facts: dict[str, str],
    *,
    channel: str,
    repeat: bool,
) -> tuple[str, str]:
    """One telling of a complaint: ``(summary, content)``, worded afresh by ``rng``.

    Letters and online submissions run to a few hundred characters; calls and visit records
    are shorter. The facts stay; the wording, the order of the circumstances and the
    details told change with ``rng``.
    """
    parts: list[str] = []
    if channel == "phone":
        parts.append(rng.choice(PHONE_OPENINGS))
    elif channel in ("letter", "online"):
        parts.append(rng.choice(OPENINGS))
    long = channel in ("letter", "online") or rng.random() < 0.3
    for n, slot in enumerate(spec.slots):
        if n >= 2 and rng.random() < 0.4:
            continue  # not every telling says everything
        picks = 2 if (long and n >= 1 and rng.random() < 0.5) else 1
        parts.extend(
            _vary(rng, _reword(rng, s), facts) for s in rng.sample(slot, min(picks, len(slot)))
        )
        if n == 1:
            if rng.random() < (0.35 if long else 0.1):
                parts.append(_circumstance(rng))
            if long or rng.random() < 0.5:
                parts.append(_roster(rng, facts["roster"]))
            if long and rng.random() < 0.5:
                parts.append(_timeline(rng, facts))
    if rng.random() < (0.3 if long else 0.1):
        parts.append(rng.choice(HARDSHIP))
    if repeat:
        parts.insert(min(len(parts), 2), rng.choice(SECOND_TIME))
    parts.append(_reword(rng, rng.choice(CLOSINGS)))
    local = dict(facts)
    local["d"] = str(rng.randint(1, 28))
    local["hours"] = str(rng.randint(2, 6))
    local["excuse"] = rng.choice(EXCUSES)
    content = "".join(parts).format(**local)
    summary = _reword(rng, rng.choice(spec.summaries)).format(**local)
    return summary, content
