"""The generator of the benchmark archive: N petition matters over the demo organs.

Texts. The repeat detection (``xinfang.petitions.similarity``) indexes every matter's text by
MinHash band keys, so the cost of a registration depends on how many earlier matters share a key
with the new one, and that depends on the text: letters of one template would all collide, lorem
would never. Each complaint here has its own facts (people, companies, projects, streets,
amounts, dates) and each telling words every sentence afresh from several variants and
synonyms; ``calibrate()`` measures how alike they come out next to the test corpus's figures.
A repeat of a complaint keeps its facts and is worded again, as a petitioner writing a second
time does.

Distributions. Channels (letters 30 %, visits 25 %, online 35 %, phone 10 %), 3 % collective
visits, districts weighted by population, 10 % at municipal level, categories weighted as a
petition office sees them, received times spread over three years, 20 % of matters from a
petitioner who petitioned before (the same complaint again), states from walking the procedure
with its periods (most concluded; a few steps late; ~1.5 % stalled and overdue).

Loading. Rows go straight into SQLite with ``executemany`` in chunks of 10,000 (one
transaction each, its number recorded in ``bench_meta``: an interrupted run resumes where it
stopped), with the bulk tables' secondary indexes dropped and rebuilt at the end. Every event
gets its audit entry, hash-chained from the current head, so ``xinfang verify-audit`` passes
on the generated archive. Workers build the rows (texts, band keys); the main process writes.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from xinfang.petitions import similarity

# ---------------------------------------------------------------------------------------------
# Fact pools

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "建国志明海燕红军晓东丽华伟平文静春梅永强秀英德胜玉兰家豪思远雨欣俊杰婷浩然子涵佳"
    "怡光荣桂芳国庆小龙大勇绍辉学兵慧敏世忠金花淑琴长福兴旺运清成刚晓燕宗华开云维江"
)
BRANDS = [
    "恒峰",
    "锦程",
    "顺达",
    "鑫源",
    "华宇",
    "金鼎",
    "宏远",
    "天成",
    "佳禾",
    "隆盛",
    "瑞丰",
    "博雅",
    "康泰",
    "兴业",
    "汇通",
    "德润",
    "永辉",
    "嘉诚",
    "盛世",
    "富力",
    "安居",
    "蓝天",
    "绿洲",
    "百合",
    "长江",
    "嘉陵",
    "巴渝",
    "山城",
    "渝新",
    "融创",
    "龙湖",
    "金科",
    "协信",
    "东原",
    "新鸥鹏",
    "华南",
    "宝圣",
    "银河",
    "北斗",
    "万象",
    "凯旋",
    "和信",
    "泰丰",
    "福星",
    "祥瑞",
    "同创",
    "正阳",
    "明珠",
    "金桥",
    "天府",
    "聚龙",
    "银海",
    "丰源",
    "启航",
    "诚信",
    "立邦",
    "路通",
    "远大",
    "晨曦",
    "海峡",
    "银杏",
    "红枫",
    "锦绣",
    "南山",
    "歌乐",
    "缙云",
    "朝阳",
    "华岩",
    "铁山",
    "黄桷",
    "白鹤",
    "珞璜",
    "双福",
    "圣泉",
    "金凤",
    "玉峰",
    "青龙",
]
TRADES = (
    "建筑劳务",
    "装饰工程",
    "房地产开发",
    "物流",
    "物业管理",
    "餐饮管理",
    "商贸",
    "机械制造",
    "建材",
    "汽车运输",
    "教育培训",
    "家政服务",
    "电子科技",
    "市政工程",
    "园林绿化",
    "食品",
)
ESTATE_SUFFIX = ("花园", "小区", "广场", "公馆", "家园", "雅苑", "新城", "名都", "天地", "华庭")
PLACE_WORDS = [
    "石桥",
    "新桥",
    "杨柳",
    "桂花",
    "龙井",
    "白果",
    "竹林",
    "清水",
    "河湾",
    "松林",
    "柏树",
    "梨树",
    "枇杷",
    "黄泥",
    "红岩",
    "高峰",
    "双河",
    "三元",
    "四方",
    "五里",
    "六合",
    "七星",
    "八角",
    "九里",
    "十字",
    "长坪",
    "大湾",
    "中心",
    "向阳",
    "胜利",
    "团结",
    "和平",
    "幸福",
    "光明",
    "新华",
    "建设",
    "东风",
    "前进",
    "红光",
    "金竹",
    "铜锣",
    "狮子",
    "凤凰",
    "龙门",
    "马鞍",
    "牛角",
    "猫儿",
    "鹿角",
]
ROADS = ("路", "街", "大道", "巷")
KIN = ("父亲", "母亲", "丈夫", "妻子", "儿子", "女儿", "哥哥", "弟弟", "岳父", "婆婆")
ILLNESS = ("脑梗", "尿毒症", "癌症", "腰椎间盘突出", "心脏病", "糖尿病并发症", "骨折")
JOBS = ("木工", "钢筋工", "泥瓦工", "电焊工", "保洁员", "搬运工", "厨师", "保安", "司机", "水电工")
SCHOOLS = ("实验小学", "第二中学", "育才中学", "南开小学", "巴蜀幼儿园", "第一中学", "新华小学")
HOSPITALS = ("人民医院", "中医院", "第三人民医院", "妇幼保健院", "中心医院", "骨科医院")


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def masked(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(("某", "某某"))


def company(rng: random.Random, district: str) -> str:
    prefix = rng.choice(("重庆", "重庆市", district.rstrip("区县")))
    return f"{prefix}{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司"


def estate(rng: random.Random) -> str:
    return f"{rng.choice(BRANDS)}{rng.choice(ESTATE_SUFFIX)}"


def community(rng: random.Random) -> str:
    return rng.choice(PLACE_WORDS) + rng.choice(("社区", "村", "社区", "村"))


def road(rng: random.Random) -> str:
    return f"{rng.choice(PLACE_WORDS)}{rng.choice(ROADS)}{rng.randint(1, 420)}号"


# ---------------------------------------------------------------------------------------------
# Category templates. Each category: facts, summary variants, and sentence slots; each slot
# lists variants, any of which may be chosen for a telling. ``{x}`` are facts.

SLOTS = dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    department: str  # organ key of the competent department (demo organ codes)
    weight: float
    accusation: bool
    summaries: tuple[str, ...]
    slots: tuple[tuple[str, ...], ...]


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "labour",
        "劳动和社会保障",
        "hrss",
        18,
        False,
        (
            "反映{company}拖欠{count}名工人工资{amount}元",
            "{name}等人反映{project}项目工资被拖欠",
            "请求督促{company}支付{y}年{m1}月至{m2}月工资",
            "反映{company}未依法缴纳社会保险",
        ),
        (
            (
                "我们是{district}{street}{project}项目的{count}名{job}，受雇于{company}，",
                "本人{name}，{y}年{m1}月进入{company}从事{job}工作，参与{project}项目施工，",
                "{district}{street}{project}工地的{job}{name}等{count}人反映，",
                "我叫{name}，在{company}做{job}，工地在{district}{street}{project}，",
            ),
            (
                "从{y}年{m1}月干到{m2}月，公司至今拖欠工资共计{amount}元。",
                "{m1}月至{m2}月的工钱一直没有结算，算下来欠{amount}元。",
                "约定每月底结账，但{m1}月以后只发过一次生活费，累计欠薪{amount}元。",
                "公司只支付了部分工资，剩余{amount}元拖到现在没给。",
            ),
            (
                "我们多次找项目部和公司负责人{boss}，对方一直推说总包方没有拨款。",
                "老板{boss}先说等甲方付款，后来电话不接、微信拉黑。",
                "去公司办公室找了{visits}次，前台都说{boss}出差了。",
                "包工头{boss}说钱被{company2}扣着，让我们去找那边。",
                "{boss}写过欠条，承诺{m2}月底前付清，到期又不认账。",
            ),
            (
                "公司也没有给我们买社保，受伤了都没人管。",
                "我们手上有考勤记录和工友证明，还有{boss}签字的结算单。",
                "劳动监察大队来过一次，之后就没了下文。",
                "我们已经向{street}劳动保障所反映过，没有结果。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "housing",
        "城乡建设和住房",
        "housing",
        16,
        False,
        (
            "反映{project}逾期交房问题",
            "{project}业主反映房屋质量问题",
            "反映{company}未按合同办理不动产权证",
            "反映{project}物业服务问题",
        ),
        (
            (
                "我们是{district}{street}{project}的业主，",
                "本人{name}于{y}年{m1}月购买了{company}开发的{project}{building}栋的商品房，",
                "{project}（{district}{road}）{count}户业主联名反映，",
                "我是{project}{building}栋住户{name}，",
            ),
            (
                "合同约定{y2}年{m2}月交房，至今已逾期{months}个月仍未交付。",
                "交房后发现墙体开裂、屋顶漏水，{count}户家中都有不同程度的渗水。",
                "开发商收了全款{amount}元，却一直不给办理产权证。",
                "物业公司每年上涨物业费，电梯坏了{months}个月没人修。",
                "小区车库和绿地被开发商擅自改建成商铺出售。",
            ),
            (
                "找开发商，{boss}总是说资金紧张，让我们再等等。",
                "我们多次向{company}售楼部和物业反映，对方互相推诿。",
                "业委会向住建部门书面投诉了{visits}次，没有任何答复。",
                "{boss}说问题出在施工单位{company2}，与他们无关。",
            ),
            (
                "不少业主还在还房贷，同时还要在外面租房，压力很大。",
                "家里有老人孩子，漏水发霉已经影响到健康。",
                "我们担心开发商资金链断裂，最后房子烂尾。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "land",
        "征地拆迁和国土资源",
        "land",
        12,
        False,
        (
            "反映{street}{village}征地补偿标准偏低",
            "{name}反映房屋拆迁补偿未到位",
            "反映{project}占用耕地问题",
        ),
        (
            (
                "我是{district}{street}{village}村民{name}，",
                "{district}{street}{village}{group}组{count}户村民反映，",
                "本人{name}，家住{district}{village}{group}组，",
            ),
            (
                "{y}年{m1}月我家{area}平方米房屋和{mu}亩承包地被{project}项目征收，",
                "因修建{project}，我组{mu}亩土地于{y}年被征用，",
                "{y}年{m1}月{project}拆迁，我家房屋面积{area}平方米，",
            ),
            (
                "补偿款只给了{amount}元，远低于周边标准。",
                "到现在安置房还没分到，过渡费也停发了{months}个月。",
                "征地补偿款被{village}村委截留了一部分，村民至今没有拿到。",
                "评估时漏算了附属设施和果树，我们不服评估结果。",
            ),
            (
                "我们找过{street}征地办和{boss}，答复说按政策办理。",
                "村干部{boss}说补偿方案是上面定的，他们也没办法。",
                "我们申请公开征地批文和补偿方案，一直没有得到答复。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "environment",
        "生态环境",
        "environment",
        7,
        False,
        (
            "反映{company}排放污染问题",
            "反映{project}施工噪声扰民",
            "反映{village}附近养殖场污染河道",
        ),
        (
            (
                "我们是{district}{street}{project}的居民，",
                "{district}{street}{village}村民{name}反映，",
                "本人住在{district}{road}，",
            ),
            (
                "附近{company}每天晚上偷排废气，气味刺鼻，很多人咳嗽头痛。",
                "{project}工地夜间施工，{hour}点以后还在打桩，吵得无法入睡。",
                "{village}上游的养猪场把粪水直接排进河沟，河水发黑发臭。",
                "{company}的搅拌站粉尘很大，周围{count}户人家窗台全是灰。",
            ),
            (
                "我们打过{visits}次环保热线，来人看了一下就走了。",
                "向{street}反映后，对方停了两天又恢复原样。",
                "{boss}说他们手续齐全、排放达标，不怕查。",
            ),
            (
                "家里有孩子和老人，实在受不了。",
                "河里的鱼都死了，下游还有人取水灌溉。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "urban",
        "城市管理",
        "urban",
        8,
        False,
        (
            "反映{road}违法建筑问题",
            "反映{project}楼顶违章搭建",
            "反映{road}占道经营油烟扰民",
        ),
        (
            (
                "我是{district}{project}的住户{name}，",
                "{district}{street}{road}附近居民反映，",
                "本人{name}，住{district}{road}，",
            ),
            (
                "{building}栋楼顶有人违章搭建了{area}平方米的彩钢房，",
                "楼下{shop}占道经营，每天油烟和噪声到半夜，",
                "{road}人行道被{shop}长期占用堆放货物，",
                "小区内有人私自扩建围墙，占用了公共通道。",
            ),
            (
                "我们向城管反映了{visits}次，至今没有拆除。",
                "城管来了就收一下，走了又摆出来。",
                "物业说管不了，让我们找执法部门。",
            ),
            (
                "老人出行很不方便，存在安全隐患。",
                "已经影响到楼下住户的采光和房屋安全。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "public_security",
        "公安和政法",
        "police",
        8,
        False,
        (
            "反映被诈骗{amount}元案件久侦不破",
            "{name}反映{y}年被打伤一案处理不公",
            "反映{company}非法集资问题",
        ),
        (
            (
                "我是{district}居民{name}，",
                "本人{name}，家住{district}{street}{community}，",
                "我{kin}{name}在{district}{road}经营{shop}，",
            ),
            (
                "{y}年{m1}月被人以投资为名骗走{amount}元，",
                "{y}年{m1}月在{road}与邻居{boss}发生纠纷被打伤，鉴定为轻伤二级，",
                "{y}年投资{company}的理财项目{amount}元，公司已经跑路，",
                "{y}年{m1}月家里被盗，损失财物约{amount}元，",
            ),
            (
                "报案后派出所立了案，但至今{months}个月没有进展。",
                "派出所只做了调解，对方没有受到任何处理。",
                "受害人有{count}人之多，公安机关一直说在侦查中。",
                "承办民警{boss}态度敷衍，几次打电话都说不清楚。",
            ),
            (
                "这些钱是我们全家的积蓄，现在生活非常困难。",
                "我对处理结果不服，要求依法追究对方责任。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "education",
        "教育",
        "education",
        5,
        False,
        (
            "反映{school}入学划片问题",
            "反映{school}违规收费",
            "反映{school}教师体罚学生",
        ),
        (
            (
                "我是{district}{project}的业主{name}，孩子今年{age}岁，",
                "本人{name}，孩子在{district}{school}读{grade}年级，",
                "{district}{school}的{count}名学生家长反映，",
            ),
            (
                "我们小区今年被划出{school}的招生范围，孩子只能去很远的学校。",
                "学校以补课费、资料费名义每学期收取{amount}元。",
                "班主任{boss}多次体罚学生，孩子现在不敢上学。",
                "学校食堂饭菜质量差，多名学生出现腹泻。",
            ),
            (
                "我们向学校和教委反映过，答复说是按规定执行。",
                "家长委员会找校长{boss}沟通，没有任何结果。",
                "",
            ),
            (
                "希望教育部门公平对待每个孩子。",
                "请求退还违规收取的费用。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "health",
        "卫生健康",
        "health",
        5,
        False,
        (
            "反映{hospital}医疗事故",
            "{name}反映在{hospital}就医被误诊",
        ),
        (
            (
                "我{kin}{name}于{y}年{m1}月在{district}{hospital}住院治疗{illness}，",
                "本人{name}，{y}年{m1}月在{district}{hospital}做手术，",
            ),
            (
                "因医生{boss}延误治疗，病情加重，花去医疗费{amount}元。",
                "手术后出现严重感染，又在{hospital2}治疗了{months}个月。",
                "医院被误诊，耽误了最佳治疗时间，现已{disability}级伤残。",
            ),
            (
                "医院拒绝提供完整病历，也不同意赔偿。",
                "卫健委组织过一次调解，医院只同意补偿{amount2}元。",
                "我们申请医疗事故鉴定，医院一直拖着不配合。",
            ),
            (
                "家里为了治病已经借了很多钱，生活十分困难。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "civil_affairs",
        "民政",
        "civil",
        5,
        False,
        (
            "反映{community}低保评定不公",
            "{name}申请特困供养未获批准",
            "反映{company}养老院服务问题",
        ),
        (
            (
                "我是{district}{street}{community}居民{name}，今年{age}岁，",
                "本人{name}，住{district}{street}{community}，",
            ),
            (
                "{kin}患{illness}多年，丧失劳动能力，家庭月收入不足{amount}元，",
                "我一人独居，无儿无女，靠捡废品为生，",
                "{kin}在{company}开办的养老院，每月交{amount}元，却经常吃不饱，",
            ),
            (
                "申请低保{visits}次都没有批准，而{community}干部{boss}的亲戚却享受了低保。",
                "{street}民政办说我家不符合条件，但没有说明理由。",
                "向养老院负责人{boss}反映，对方说不满意就搬走。",
            ),
            (
                "请求依法重新评定，公开低保名单。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "agriculture",
        "农业农村",
        "agriculture",
        5,
        False,
        (
            "反映{village}土地承包经营权纠纷",
            "反映{village}惠农补贴被截留",
        ),
        (
            (
                "我是{district}{street}{village}{group}组村民{name}，",
                "{district}{village}{group}组{count}户农户反映，",
            ),
            (
                "我家承包的{mu}亩土地{y}年被组长{boss}收回转包给了{company}，",
                "{y}年到{y2}年的耕地地力保护补贴和粮食补贴我们一分没领到，",
                "{company}流转我们{mu}亩土地，约定每年租金{amount}元，已拖欠{months}个月。",
            ),
            (
                "我们去{street}农业服务中心反映，答复让我们找村委解决。",
                "村委会主任{boss}说补贴统一抵扣了集体欠款。",
                "",
            ),
            (
                "我们全家靠这几亩地生活，请求依法处理。",
                "",
            ),
        ),
    ),
    CategorySpec(
        "market",
        "市场监管",
        "market",
        4,
        False,
        (
            "投诉{company}销售假冒商品",
            "反映{shop}食品安全问题",
            "反映{company}预付卡退费问题",
        ),
        (
            (
                "本人{name}，{y}年{m1}月在{district}{road}的{shop}",
                "我是{district}消费者{name}，",
            ),
            (
                "购买了{amount}元的保健品，后来发现是假冒产品。",
                "办了一张{amount}元的健身卡，才用了{months}个月门店就关门了，老板{boss}联系不上。",
                "吃了{shop}的外卖后全家食物中毒，去{hospital}看病花了{amount2}元。",
                "在{company}买的电动车电池鼓包起火，商家拒绝退换。",
            ),
            (
                "向12315投诉后，商家只愿退一半。",
                "市场监管所调解了两次，{boss}都不到场。",
                "",
            ),
            ("请求依法查处并退还费用。", ""),
        ),
    ),
    CategorySpec(
        "transport",
        "交通运输",
        "transport",
        3,
        False,
        (
            "反映{village}通村公路损坏",
            "反映{road}公交线路停运",
        ),
        (
            (
                "我们是{district}{street}{village}的村民，",
                "{district}{road}附近居民{name}反映，",
            ),
            (
                "{y}年修的通村公路才用了两年就到处是坑，下雨天车子根本过不去。",
                "原来经过{road}的公交车{y}年{m1}月取消了，老人出门要走{count}公里。",
                "{company}的渣土车每天从村道经过，把路面压坏了。",
            ),
            (
                "我们向{street}交通办反映，说没有维修资金。",
                "问了公交公司，答复是线路调整，没有说明原因。",
                "",
            ),
            ("请求尽快修复道路。", ""),
        ),
    ),
    CategorySpec(
        "discipline",
        "纪检监察",
        "discipline",
        2,
        True,
        (
            "检举{community}干部{boss}违纪问题",
            "检举{street}工作人员{boss}吃拿卡要",
        ),
        (
            (
                "我实名检举{district}{street}{community}党支部书记{boss}，",
                "{district}{street}群众{name}检举，",
            ),
            (
                "{boss}利用职务便利，在{project}项目中向{company}索要好处费{amount}元。",
                "{boss}把低保名额优先给自己的亲属，{y}年以来至少{count}人。",
                "{boss}在征地补偿中虚报面积{area}平方米，套取补偿款{amount}元。",
            ),
            (
                "我有转账记录和录音，可以提供给组织。",
                "村民对此意见很大，但都不敢公开说。",
                "",
            ),
            ("请求组织调查核实，依纪依法处理。", ""),
        ),
    ),
    CategorySpec(
        "finance",
        "财政",
        "finance",
        2,
        False,
        (
            "反映{project}工程款被拖欠",
            "反映{company}政府采购款未支付",
        ),
        (
            (
                "我公司{company}承建了{district}{project}工程，",
                "本人{name}，是{company}的法定代表人，",
            ),
            (
                "{y}年{m1}月竣工验收合格，至今尚欠工程款{amount}元。",
                "{y}年中标政府采购项目，货款{amount}元拖欠{months}个月未付。",
            ),
            (
                "建设单位说财政资金没有到位。",
                "我们多次催收，{street}答复正在走审批程序。",
                "",
            ),
            (
                "公司已经无力给工人发工资，面临倒闭。",
                "",
            ),
        ),
    ),
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


# =============================================================================================
# The archive: N matters over the demo organs, written in chunks straight into SQLite


POPULATION = {  # 常住人口（万人）, rounded: bigger districts petition more
    "500101": 156,
    "500102": 111,
    "500103": 59,
    "500104": 42,
    "500105": 93,
    "500106": 147,
    "500107": 153,
    "500108": 120,
    "500109": 83,
    "500110": 101,
    "500111": 83,
    "500112": 219,
    "500113": 118,
    "500114": 49,
    "500115": 69,
    "500116": 135,
    "500117": 124,
    "500118": 115,
    "500119": 57,
    "500120": 76,
    "500151": 69,
    "500152": 69,
    "500153": 67,
    "500154": 120,
    "500155": 65,
    "500156": 35,
    "500229": 19,
    "500230": 56,
    "500231": 65,
    "500233": 72,
    "500235": 93,
    "500236": 74,
    "500237": 46,
    "500238": 39,
    "500240": 39,
    "500241": 50,
    "500242": 56,
    "500243": 49,
}
CHANNELS = (("letter", 30), ("visit", 25), ("online", 35), ("phone", 10))
COLLECTIVE_SHARE = 0.03
REPEAT_SHARE = 0.20
ANONYMOUS_SHARE = 0.03
MUNICIPAL_SHARE = 0.10
YEARS = 3
CHUNK = 10_000
PROFILE = "national-2022"
ACTOR = "command:bench-generate"
#: Periods (calendar days, 信访工作条例(2022)) and the basis each clock and event cites.
PERIODS = {
    "route": (15, "信访工作条例(2022) 第21条; 细则 第6条"),
    "accept": (15, "信访工作条例(2022) 第22条"),
    "handle": (60, "信访工作条例(2022) 第32条"),
    "review_request": (30, "信访工作条例(2022) 第35条"),
    "review": (30, "信访工作条例(2022) 第35条"),
    "rereview_request": (30, "信访工作条例(2022) 第35条"),
    "rereview": (30, "信访工作条例(2022) 第35条"),
}
#: Indexes dropped while the archive is loaded and built again at the end (bulk loading into
#: a B-tree in key order is several times faster than keeping it up to date row by row).
BULK_TABLES = (
    "petitions_matter",
    "petitions_matterbandkey",
    "petitions_matterclock",
    "petitions_matterevent",
    "petitions_repeatlink",
    "petitions_petitioner",
    "audit_auditentry",
)
META = "bench_meta"
BAND_KEYS = "petitions_matterbandkey"
BAND_STAGE = "bench_band_key_stage"


def _rng(seed: int, index: int, purpose: str) -> random.Random:
    return random.Random(f"{seed}:{index}:{purpose}")


@dataclass(frozen=True)
class World:
    """The demo organs and categories, as plain data a worker process can use."""

    seed: int
    target: int
    start: float  # epoch seconds of the oldest received time
    today: str  # ISO date the archive is "as of"
    organs: dict[str, int]  # organ code -> id
    districts: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # code, name, townships
    district_weights: tuple[float, ...]
    categories: dict[str, int]  # category code -> id


def _complaint_root(seed: int, index: int) -> tuple[int, int]:
    """``(root, previous)``: the first telling of this matter's complaint and the one before."""
    previous = index
    current = index
    for _ in range(50):
        rng = _rng(seed, current, "r")
        if rng.random() >= REPEAT_SHARE:
            return current, previous
        gap = 1 + int(rng.expovariate(1.0) * 25_000)
        if current - gap < 0:
            return current, previous
        current -= gap
        if previous == index:
            previous = current
    return current, previous


def _complaint(world: World, root: int) -> dict[str, Any]:
    """Who, where and what of a complaint: fixed by its root index."""
    rng = _rng(world.seed, root, "f")
    spec = rng.choices(CATEGORIES, weights=[c.weight for c in CATEGORIES])[0]
    region, name, townships = rng.choices(world.districts, weights=world.district_weights)[0]
    township = rng.choice(townships) if townships and rng.random() < 0.4 else None
    street = township[1] if township else rng.choice(townships)[1] if townships else name
    level = "municipal" if rng.random() < MUNICIPAL_SHARE else "district"
    if level == "district" and township and spec.code in TOWNSHIP_CATEGORIES:
        level = "township" if rng.random() < 0.5 else "district"
    facts = complaint_facts(rng, district=name, street=street, today_year=int(world.today[:4]))
    return {
        "spec": spec,
        "region": region,
        "region_code": township[0] if township else region,
        "level": level,
        "facts": facts,
        "petitioner_name": facts["name"],
        "phone": f"1{rng.choice('3578')}{rng.randint(100_000_000, 999_999_999)}",
        "anonymous": rng.random() < ANONYMOUS_SHARE,
    }


TOWNSHIP_CATEGORIES = frozenset({"land", "urban", "agriculture", "civil_affairs", "transport"})


def _organs_for(world: World, complaint: dict[str, Any]) -> tuple[int, int, int]:
    """``(registering petition office, handling organ, higher organ for reviews)``."""
    o = world.organs
    key = complaint["spec"].department
    region = complaint["region"]
    if complaint["level"] == "municipal":
        handler = o.get(f"500000-{key}") or o["500000-gov"]
        return o["500000-petition"], handler, o["500000-gov"]
    office = o[f"{region}-petition"]
    if complaint["level"] == "township":
        return office, o[f"{complaint['region_code']}-gov"], o[f"{region}-gov"]
    handler = o.get(f"{region}-{key}") or o[f"{region}-gov"]
    higher = o.get(f"500000-{key}") or o[f"{region}-gov"]
    return office, handler, higher


def _ts(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _day(epoch: float) -> dt.date:
    # Local (Asia/Shanghai, UTC+8) date of a moment.
    return dt.datetime.fromtimestamp(epoch + 8 * 3600, tz=dt.UTC).date()


QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _query_code(rng: random.Random, index: int) -> str:
    tail = []
    for _ in range(10):
        index, digit = divmod(index, 32)
        tail.append(QUERY_ALPHABET[digit])
    return "".join(rng.choice(QUERY_ALPHABET) for _ in range(6)) + "".join(tail)


@dataclass
class ChunkRows:
    """Everything one chunk writes, built in a worker process."""

    first: int
    matters: list[tuple[Any, ...]]
    clocks: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]  # (matter_id, at, action, from, to, organ_id, details, basis)
    band_keys: list[tuple[int, bytes]]  # (matter_id, packed signed 64-bit keys)
    fingerprints: list[tuple[int, bytes]]  # (matter_id, similarity.fingerprint)
    links: list[tuple[Any, ...]]
    petitioners: list[tuple[int, int, str, str, str]]  # id, organ, name, phone, created_at
    accusations: list[tuple[int, str, int]]  # matter id, created_at, accused organ


def build_chunk(world: World, first: int, count: int, base_matter: int, base_pet: int) -> ChunkRows:
    """Rows of matters ``first .. first+count-1`` (deterministic: seed and index only)."""
    import array

    span = YEARS * 365.25 * 86400
    now = world.start + span
    rows = ChunkRows(first, [], [], [], [], [], [], [], [])
    for index in range(first, first + count):
        root, previous = _complaint_root(world.seed, index)
        complaint = _complaint(world, root)
        spec: CategorySpec = complaint["spec"]
        rng = _rng(world.seed, index, "t")
        matter_id = base_matter + index
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        collective = channel == "visit" and rng.random() < COLLECTIVE_SHARE / 0.25
        headcount = rng.choice((5, 6, 8, 12, 15, 20, 30, 46, 80, 150, 300)) if collective else None
        reps = min(5, rng.randint(1, 5)) if collective else None
        summary, content = tell(
            rng, spec, complaint["facts"], channel=channel, repeat=root != index
        )
        received = world.start + (index + rng.random()) / world.target * span
        registered = received + rng.uniform(600, 2 * 86400)
        office, handler, higher = _organs_for(world, complaint)
        petitioner = None if complaint["anonymous"] else base_pet + root
        if petitioner is not None and root == index:
            rows.petitioners.append(
                (
                    petitioner,
                    office,
                    complaint["petitioner_name"],
                    complaint["phone"],
                    _ts(registered),
                )
            )
        life = _lifecycle(rng, world, spec, received, registered, now, office, handler, higher)
        state, action_period, action_due, request_due, current, handling, final_at = life["state"]
        rows.matters.append(
            (
                matter_id,
                channel,
                int(collective),
                headcount,
                reps,
                _ts(received),
                _ts(registered),
                complaint["region_code"],
                summary[:300],
                content,
                int(rng.random() < 0.2),
                "",
                _query_code(rng, index),
                PROFILE,
                state,
                action_period,
                action_due,
                request_due,
                life["legal_route"],
                life["other_organ"],
                int(spec.accusation),
                life["satisfaction"],
                None,
                final_at,
                world.categories[spec.code],
                current,
                handling,
                petitioner,
                office,
                None,
            )
        )
        if spec.accusation:
            # A discipline complaint accuses the government of the place (细则第十一条第八项):
            # the matter is hidden from it and never routed to it.
            accused = world.organs.get(f"{complaint['region_code']}-gov")
            if accused is not None:
                rows.accusations.append((matter_id, _ts(registered), accused))
        for clock in life["clocks"]:
            rows.clocks.append((matter_id, *clock))
        for event in life["events"]:
            rows.events.append((matter_id, *event))
        hashes = similarity.shingle_hashes(similarity.shingles(matter_text(summary, content)))
        # Placed in the district of occurrence, as ``repeats.index_text`` places them.
        keys = array.array("q", similarity.index_keys(hashes, complaint["region_code"]))
        rows.band_keys.append((matter_id, keys.tobytes()))
        rows.fingerprints.append((matter_id, similarity.fingerprint_of_hashes(hashes)))
        if root != index:
            rows.links.append(
                (
                    round(rng.uniform(0.25, 0.8), 4),
                    "same_petitioner" if petitioner else "similar_content",
                    int(petitioner is not None),
                    1,
                    _ts(registered),
                    base_matter + previous,
                    matter_id,
                )
            )
    return rows


def matter_text(summary: str, content: str) -> str:
    """As ``xinfang.petitions.matters.repeats.matter_text`` (kept Django-free for workers)."""
    return f"{summary}\n{content}"


def _lifecycle(
    rng: random.Random,
    world: World,
    spec: CategorySpec,
    received: float,
    registered: float,
    now: float,
    office: int,
    handler: int,
    higher: int,
) -> dict[str, Any]:
    """Walk the procedure from registration; stop where ``now`` falls.

    Most matters are concluded within the periods; a few steps run late; about 1.5 % stall at
    some step and stay overdue; some go to review and re-review; routing sends a share out to
    legal routes, other organs and the discipline bodies.
    """
    day = 86400.0
    events: list[tuple[Any, ...]] = []
    clocks: list[list[Any]] = []
    result: dict[str, Any] = {"legal_route": "", "other_organ": "", "satisfaction": ""}
    stall = rng.random() < 0.015
    stall_step = rng.randrange(4) if stall else -1

    def event(at: float, action: str, source: str, target: str, organ: int | None) -> None:
        events.append(
            (_ts(at), action, source, target, organ, {"actor": "bench"}, [PERIODS_BASIS[action]])
        )

    def start_clock(period: str, start: float, organ: int | None) -> list[Any]:
        days, basis = PERIODS[period]
        begin = _day(start)
        clock = [period, begin, days, 0, begin + dt.timedelta(days=days), organ, basis, None, ""]
        clocks.append(clock)
        return clock

    def stop(clock: list[Any], at: float, by: str) -> None:
        clock[7] = _day(at)
        clock[8] = by

    def took(period: str, step: int) -> float:
        days = PERIODS[period][0]
        if step == stall_step:
            return 10_000 * day
        if rng.random() < 0.04:
            return (days + rng.uniform(1, 45)) * day  # late
        return rng.uniform(0.1, 0.85) * days * day

    def state(
        s: str,
        period: str = "",
        due: dt.date | None = None,
        current: int = office,
        handling: int | None = None,
        final: float | None = None,
        request: dt.date | None = None,
    ) -> None:
        result["state"] = (
            s,
            period,
            due.isoformat() if due else None,
            request.isoformat() if request else None,
            current,
            handling,
            _ts(final) if final else None,
        )

    t = registered
    event(t, "register", "submitted", "registered", office)
    route = start_clock("route", received, office)
    state("registered", "route", route[4])
    t_next = received + took("route", 0)
    if t_next > now:
        return _done(result, events, clocks)
    t = max(t, t_next)
    roll = rng.random()
    if spec.accusation and roll < 0.7:
        stop(route, t, "send_to_discipline")
        event(t, "send_to_discipline", "registered", "sent_to_discipline", office)
        state("sent_to_discipline", current=office, final=t)
        return _done(result, events, clocks)
    if roll < 0.08:
        stop(route, t, "route_out")
        result["legal_route"] = rng.choice(
            ("litigation", "arbitration", "administrative_reconsideration")
        )
        event(t, "route_out", "registered", "routed_out", office)
        state("routed_out", current=office, final=t)
        return _done(result, events, clocks)
    if roll < 0.10:
        stop(route, t, "send_to_other_organ")
        result["other_organ"] = rng.choice(("court", "procuratorate", "peoples_congress"))
        event(t, "send_to_other_organ", "registered", "sent_to_other_organ", office)
        state("sent_to_other_organ", current=office, final=t)
        return _done(result, events, clocks)
    stop(route, t, "route")
    event(t, "route", "registered", "routed", office)
    accept = start_clock("accept", t, handler)
    state("routed", "accept", accept[4], current=handler)
    t_next = t + took("accept", 1)
    if t_next > now:
        return _done(result, events, clocks)
    t = t_next
    stop(accept, t, "accept")
    if rng.random() < 0.05:
        event(t, "decline", "routed", "declined", handler)
        state("declined", current=handler, handling=handler, final=t)
        return _done(result, events, clocks)
    event(t, "accept", "routed", "accepted", handler)
    handle = start_clock("handle", t, handler)
    state("accepted", "handle", handle[4], current=handler, handling=handler)
    duration = took("handle", 2)
    if rng.random() < 0.08 and duration < 1000 * day:
        at = t + 50 * day
        if at > now:
            return _done(result, events, clocks)
        handle[3] = 30
        handle[4] = handle[4] + dt.timedelta(days=30)
        event(at, "extend", "accepted", "extended", handler)
        state("extended", "handle", handle[4], current=handler, handling=handler)
        duration = 50 * day + rng.uniform(1, 29) * day
    if t + duration > now:
        return _done(result, events, clocks)
    t += duration
    stop(handle, t, "conclude")
    event(t, "conclude", "accepted", "concluded", handler)
    request = start_clock("review_request", t, None)
    result["satisfaction"] = rng.choice(
        ("satisfied", "satisfied", "basically_satisfied", "dissatisfied", "")
    )
    state("concluded", current=handler, handling=handler, request=request[4])
    if rng.random() < 0.09:
        t_next = t + rng.uniform(3, 28) * day
        if t_next > now:
            return _done(result, events, clocks)
        t = t_next
        stop(request, t, "request_review")
        event(t, "request_review", "concluded", "review_requested", higher)
        review = start_clock("review", t, higher)
        state("review_requested", "review", review[4], current=higher, handling=handler)
        t_next = t + took("review", 3)
        if t_next > now:
            return _done(result, events, clocks)
        t = t_next
        stop(review, t, "decide_review")
        event(t, "decide_review", "review_requested", "reviewed", higher)
        request = start_clock("rereview_request", t, None)
        state("reviewed", current=higher, handling=handler, request=request[4])
        if rng.random() < 0.25:
            t_next = t + rng.uniform(3, 28) * day
            if t_next > now:
                return _done(result, events, clocks)
            t = t_next
            stop(request, t, "request_rereview")
            top = world.organs["500000-gov"]
            event(t, "request_rereview", "reviewed", "rereview_requested", top)
            rereview = start_clock("rereview", t, top)
            state("rereview_requested", "rereview", rereview[4], current=top, handling=handler)
            t_next = t + rng.uniform(5, 29) * day
            if t_next > now:
                return _done(result, events, clocks)
            stop(rereview, t_next, "decide_rereview")
            event(t_next, "decide_rereview", "rereview_requested", "rereviewed", top)
            state("rereviewed", current=top, handling=handler, final=t_next)
            return _done(result, events, clocks)
    if rng.random() < 0.55:
        t_next = t + rng.uniform(31, 60) * day
        if t_next <= now:
            stop(request, t_next, "close")
            event(t_next, "close", result["state"][0], "closed", result["state"][4])
            state("closed", current=result["state"][4], handling=handler, final=t_next)
    return _done(result, events, clocks)


PERIODS_BASIS = {
    "register": "信访工作条例(2022) 第20条",
    "route": "信访工作条例(2022) 第21条",
    "route_out": "信访工作条例(2022) 第21条",
    "send_to_other_organ": "信访工作条例(2022) 第21条",
    "send_to_discipline": "信访工作条例(2022) 第21条",
    "accept": "信访工作条例(2022) 第22条",
    "decline": "信访工作条例(2022) 第22条",
    "extend": "信访工作条例(2022) 第32条",
    "conclude": "信访工作条例(2022) 第32条",
    "request_review": "信访工作条例(2022) 第35条",
    "decide_review": "信访工作条例(2022) 第35条",
    "request_rereview": "信访工作条例(2022) 第35条",
    "decide_rereview": "信访工作条例(2022) 第35条",
    "close": "信访工作条例(2022) 第35条",
}


def _done(
    result: dict[str, Any], events: list[tuple[Any, ...]], clocks: list[list[Any]]
) -> dict[str, Any]:
    result["events"] = events
    result["clocks"] = [
        (
            c[0],
            c[1].isoformat(),
            c[2],
            c[3],
            c[4].isoformat(),
            int(False),
            json.dumps([c[6]], ensure_ascii=False),
            c[7].isoformat() if c[7] else None,
            c[8],
            c[5],
        )
        for c in clocks
    ]
    return result


# =============================================================================================
# Driver: set-up, resumable chunked load, indexes


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    return dict(conn.execute(f"SELECT key, value FROM {META}").fetchall())


def _set_meta(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany(
        f"INSERT OR REPLACE INTO {META} (key, value) VALUES (?, ?)",
        [(k, str(v)) for k, v in values.items()],
    )


def ensure_categories(conn: sqlite3.Connection) -> dict[str, int]:
    """The category taxonomy the generator uses (created when the database has none of it)."""
    for spec in CATEGORIES:
        conn.execute(
            "INSERT OR IGNORE INTO petitions_category (code, name, is_active, parent_id) "
            "VALUES (?, ?, 1, NULL)",
            (spec.code, spec.name),
        )
    codes = [spec.code for spec in CATEGORIES]
    marks = ",".join("?" * len(codes))
    return dict(
        conn.execute(
            f"SELECT code, id FROM petitions_category WHERE code IN ({marks})",
            codes,
        ).fetchall()
    )


def load_world(conn: sqlite3.Connection, *, seed: int, target: int, today: dt.date) -> World:
    organs = dict(conn.execute("SELECT code, id FROM orgs_organ").fetchall())
    townships: dict[str, list[tuple[str, str]]] = {}
    for region, short in conn.execute(
        "SELECT region_code, short_name FROM orgs_organ WHERE level = 'township' ORDER BY code"
    ):
        townships.setdefault(region[:6], []).append((region, short))
    districts = []
    for region, name in conn.execute(
        "SELECT region_code, short_name FROM orgs_organ WHERE level = 'district' "
        "AND code LIKE '%-gov' ORDER BY region_code"
    ):
        bare = name.removesuffix("政府")
        districts.append((region, bare, tuple(townships.get(region, ()))))
    if not districts:
        raise SystemExit("No demo organs: run `xinfang demo` first (the benchmark does).")
    start = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC) - dt.timedelta(
        days=round(YEARS * 365.25)
    )
    return World(
        seed=seed,
        target=target,
        start=start.timestamp(),
        today=today.isoformat(),
        organs=organs,
        districts=tuple(districts),
        district_weights=tuple(float(POPULATION.get(d[0], 50)) for d in districts),
        categories=ensure_categories(conn),
    )


def _drop_indexes(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    """Drop the bulk tables' secondary indexes, remembering their DDL in the meta table."""
    if "indexes" in meta:
        return
    marks = ",".join("?" * len(BULK_TABLES))
    rows = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    _set_meta(conn, indexes=json.dumps(rows, ensure_ascii=False))
    for name, _sql in rows:
        conn.execute(f'DROP INDEX IF EXISTS "{name}"')
    # The band keys (128 a matter) go to a plain staging table in arrival order and are
    # written into their real table, whatever its layout (a WITHOUT ROWID primary key on
    # (key, matter), or a table with an index), in key order at the end: appending to a
    # B-tree is much faster than inserting at random places in it.
    ddl = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (BAND_KEYS,)
    ).fetchone()[0]
    _set_meta(conn, band_key_table=ddl)
    conn.execute(f"DROP TABLE {BAND_KEYS}")
    conn.execute(f"CREATE TABLE {BAND_STAGE} (key INTEGER NOT NULL, matter_id INTEGER NOT NULL)")


def _build_indexes(conn: sqlite3.Connection, meta: dict[str, str], log: Any) -> None:
    from xinfang.petitions.matters.repeats import STOP_KEY_MATTERS  # Django is set up here

    if "band_key_table" in meta:
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(meta["band_key_table"])
        inserted = conn.execute(
            f"INSERT INTO {BAND_KEYS} (key, matter_id) SELECT key, matter_id "
            f"FROM {BAND_STAGE} ORDER BY key, matter_id"
        ).rowcount
        # Keys held by more than STOP_KEY_MATTERS matters become stop keys, as the index
        # merge (``repeat_index_merge``) makes them.
        conn.execute(
            "INSERT INTO petitions_stopbandkey (key, matters, found_at) "
            f"SELECT key, COUNT(*), ? FROM {BAND_KEYS} GROUP BY key HAVING COUNT(*) > ?",
            (_ts(time.time()), STOP_KEY_MATTERS),
        )
        dropped = conn.execute(
            f"DELETE FROM {BAND_KEYS} WHERE key IN (SELECT key FROM petitions_stopbandkey)"
        ).rowcount
        _set_meta(conn, band_keys=inserted - dropped)
        conn.execute(f"DROP TABLE {BAND_STAGE}")
        conn.execute(f"DELETE FROM {META} WHERE key = 'band_key_table'")
        conn.execute("COMMIT")
        log(
            f"  band keys in key order: {time.perf_counter() - started:.1f} s "
            f"({dropped} postings of stop keys dropped)"
        )
    for name, sql in json.loads(meta.get("indexes", "[]")):
        started = time.perf_counter()
        conn.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        log(f"  index {name}: {time.perf_counter() - started:.1f} s")
    conn.execute(f"DELETE FROM {META} WHERE key = 'indexes'")


MATTER_COLUMNS = (
    "id, channel, is_collective, headcount, representatives, received_at, registered_at, "
    "region_code, summary, content, may_be_public, accused_names, query_code, profile, state, "
    "action_period, action_due, request_due, legal_route, other_organ, is_accusation, "
    "satisfaction, satisfaction_at, final_at, category_id, current_organ_id, handling_organ_id, "
    "petitioner_id, registering_organ_id, rereviewed_match_id"
)
CLOCK_COLUMNS = (
    "matter_id, period, started_on, days, extension_days, due, provisional, basis, stopped_on, "
    "stopped_by, organ_id"
)


class _Writer:
    """Writes chunks in order: petitioners (encrypted), matters, clocks, events with their
    audit entries (hash-chained from the current head), band keys, repeat links."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        from xinfang.access import crypto
        from xinfang.access.identity import normalise_phone
        from xinfang.audit.chain import GENESIS_HASH, entry_digest

        self.conn = conn
        self.crypto = crypto
        self.ring = crypto.load_keyring()
        self.normalise_phone = normalise_phone
        self.entry_digest = entry_digest
        head = conn.execute("SELECT seq, entry_hash FROM audit_audithead WHERE id = 1").fetchone()
        if head is None:
            conn.execute(
                "INSERT INTO audit_audithead (id, seq, entry_hash) VALUES (1, 0, ?)",
                (GENESIS_HASH,),
            )
            head = (0, GENESIS_HASH)
        self.seq, self.head = head
        from django.contrib.contenttypes.models import ContentType

        from xinfang.petitions.models import Matter

        self.matter_type = ContentType.objects.get_for_model(Matter).pk

    def write(self, rows: ChunkRows) -> None:
        conn = self.conn
        crypto = self.crypto
        petitioners = []
        for pid, organ, name, phone, created in rows.petitioners:
            uid = uuid.UUID(int=random.Random(pid).getrandbits(128), version=4)
            aad = f"petitions.petitioner:{uid}:"
            petitioners.append(
                (
                    pid,
                    uid.hex,
                    crypto.encrypt(name, aad=aad + "name", ring=self.ring),
                    "",
                    crypto.encrypt(phone, aad=aad + "phone", ring=self.ring),
                    "",
                    "",
                    crypto.blind_index(
                        self.normalise_phone(phone), purpose="petitioner.phone", ring=self.ring
                    ),
                    created,
                    created,
                    organ,
                )
            )
        conn.executemany(
            "INSERT INTO petitions_petitioner (id, uid, name_ciphertext, id_number_ciphertext, "
            "phone_ciphertext, address_ciphertext, id_number_index, phone_index, created_at, "
            "updated_at, organ_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            petitioners,
        )
        conn.executemany(
            f"INSERT INTO petitions_matter ({MATTER_COLUMNS}) VALUES ({','.join('?' * 30)})",
            rows.matters,
        )
        conn.executemany(
            f"INSERT INTO petitions_matterclock ({CLOCK_COLUMNS}) VALUES ({','.join('?' * 11)})",
            rows.clocks,
        )
        events = []
        audit = []
        seq, head = self.seq, self.head
        for matter_id, at, action, source, target, organ, details, basis in rows.events:
            details_json = json.dumps(details, ensure_ascii=False)
            events.append(
                (
                    at,
                    ACTOR,
                    action,
                    source,
                    target,
                    details_json,
                    json.dumps(basis, ensure_ascii=False),
                    matter_id,
                    organ,
                )
            )
            seq += 1
            moment = dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC)
            audit_details = {"from": source, "to": target, "organ": organ}
            digest = self.entry_digest(
                prev_hash=head,
                seq=seq,
                at=moment,
                actor=ACTOR,
                action=f"matter.{action}",
                object_type="petitions.matter",
                object_id=str(matter_id),
                details=audit_details,
            )
            audit.append(
                (
                    seq,
                    at,
                    ACTOR,
                    f"matter.{action}",
                    "petitions.matter",
                    str(matter_id),
                    json.dumps(audit_details, ensure_ascii=False),
                    head,
                    digest,
                )
            )
            head = digest
        conn.executemany(
            "INSERT INTO petitions_matterevent (at, actor, action, from_state, to_state, details, "
            "basis, matter_id, organ_id) VALUES (?,?,?,?,?,?,?,?,?)",
            events,
        )
        conn.executemany(
            "INSERT INTO audit_auditentry (seq, at, actor, action, object_type, object_id, "
            "details, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?)",
            audit,
        )
        conn.execute("UPDATE audit_audithead SET seq = ?, entry_hash = ? WHERE id = 1", (seq, head))
        self.seq, self.head = seq, head
        conn.executemany(
            f"INSERT INTO {BAND_STAGE} (key, matter_id) VALUES (?, ?)",
            _expand_keys(rows.band_keys),
        )
        conn.executemany(
            "INSERT INTO petitions_matterfingerprint (matter_id, data) VALUES (?, ?)",
            rows.fingerprints,
        )
        conn.executemany(
            "INSERT INTO access_accusation (object_id, created_at, accused_organ_id, "
            "accused_person_id, content_type_id) VALUES (?, ?, ?, NULL, ?)",
            [(m, at, organ, self.matter_type) for m, at, organ in rows.accusations],
        )
        conn.executemany(
            "INSERT INTO petitions_repeatlink (score, reason, same_petitioner, similar, "
            "created_at, earlier_id, matter_id) VALUES (?,?,?,?,?,?,?)",
            rows.links,
        )


def _expand_keys(band_keys: list[tuple[int, bytes]]) -> Iterator[tuple[int, int]]:
    import array

    for matter_id, packed in band_keys:
        keys = array.array("q")
        keys.frombytes(packed)
        for key in keys:
            yield key, matter_id


def generate(
    *,
    matters: int,
    seed: int = 20_170_523,
    workers: int = 2,
    log: Any = print,
) -> dict[str, Any]:
    """Fill the benchmark database with ``matters`` matters; resume where a run stopped.

    Django must be set up (for the database path and the key ring). Returns the meta data.
    """
    from xinfang.petitions.matters.counts import RECOUNT_SQL

    from .common import database_path

    conn = sqlite3.connect(database_path(), isolation_level=None, timeout=60)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    conn.execute("PRAGMA foreign_keys=OFF")
    meta = _meta(conn)
    if meta.get("complete") == "1" and int(meta["target"]) == matters:
        log(f"archive of {matters:,} matters already generated")
        return meta
    if "target" in meta and int(meta["target"]) != matters:
        raise SystemExit(
            f"{database_path()} holds an archive generated for {int(meta['target']):,} matters; "
            f"run without --reuse (or with --matters {int(meta['target'])}) "
            "to start again"
        )
    if "target" not in meta:
        base_matter = (conn.execute("SELECT MAX(id) FROM petitions_matter").fetchone()[0] or 0) + 1
        base_pet = (conn.execute("SELECT MAX(id) FROM petitions_petitioner").fetchone()[0] or 0) + 1
        conn.execute("BEGIN")
        _set_meta(
            conn,
            target=matters,
            seed=seed,
            today=dt.date.today().isoformat(),
            base_matter=base_matter,
            base_petitioner=base_pet,
            done=0,
        )
        conn.execute("COMMIT")
        meta = _meta(conn)
    world = load_world(
        conn, seed=int(meta["seed"]), target=matters, today=dt.date.fromisoformat(meta["today"])
    )
    conn.execute("BEGIN")
    _drop_indexes(conn, meta)
    conn.execute("COMMIT")
    meta = _meta(conn)
    done = int(meta["done"])
    base_matter, base_pet = int(meta["base_matter"]), int(meta["base_petitioner"])
    writer = _Writer(conn)
    started = time.perf_counter()
    chunks = [(first, min(CHUNK, matters - first)) for first in range(done, matters, CHUNK)]
    log(f"generating matters {done:,}..{matters:,} in {len(chunks)} chunks ({workers} workers)")
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: list[Any] = []
        queue = list(chunks)
        while queue or pending:
            while queue and len(pending) < workers + 1:
                first, count = queue.pop(0)
                pending.append(
                    pool.apply_async(build_chunk, (world, first, count, base_matter, base_pet))
                )
            rows = pending.pop(0).get()
            conn.execute("BEGIN")
            writer.write(rows)
            _set_meta(conn, done=rows.first + len(rows.matters))
            conn.execute("COMMIT")
            finished = rows.first + len(rows.matters)
            rate = (finished - done) / (time.perf_counter() - started)
            log(
                f"  {finished:>10,} matters  {rate:,.0f}/s  "
                f"eta {(matters - finished) / max(rate, 1) / 60:.1f} min"
            )
    log("building indexes")
    meta = _meta(conn)
    _build_indexes(conn, meta, log)
    conn.execute("BEGIN")
    for statement in RECOUNT_SQL:  # the services keep these counters; count what was written
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    _set_meta(conn, complete=1, generated_seconds=round(time.perf_counter() - started))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = _meta(conn)
    conn.close()
    return meta


# =============================================================================================
# Calibration: how alike the generated texts are, next to the test corpus's figures


def calibrate(*, samples: int = 600, seed: int = 7) -> dict[str, float]:
    """Pairwise similarity of generated texts by relation (same category and district, ...).

    The test corpus (``tests/petitions/repeat_corpus.py``, ``xinfang.petitions.similarity``'s
    docstring) measured: rewordings of one complaint Jaccard 0.10–0.28 (median 0.20), all
    linked; different complaints share a band key in 0.5–0.8 % of pairs when category and
    district differ and 11–25 % for look-alikes of the same category and district.
    """
    import itertools

    rng = random.Random(seed)
    districts = [
        ("渝北区", "龙溪街道"),
        ("渝中区", "解放碑街道"),
        ("万州区", "太白街道"),
        ("城口县", "葛城街道"),
        ("江津区", "几江街道"),
        ("合川区", "钓鱼城街道"),
    ]
    items = []
    for _ in range(samples):
        spec = rng.choices(CATEGORIES, weights=[c.weight for c in CATEGORIES])[0]
        district, street = rng.choice(districts)
        facts = complaint_facts(rng, district=district, street=street, today_year=2026)
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        first = matter_text(*tell(rng, spec, facts, channel=channel, repeat=False))
        again = matter_text(
            *tell(
                rng,
                spec,
                facts,
                channel=rng.choice(["letter", "online", "visit", "phone"]),
                repeat=True,
            )
        )
        items.append((spec.code, district, first, again))
    shingled = [similarity.shingles(t) for _, _, t, _ in items]
    keys = [{v for _, v in similarity.band_values(t)} for _, _, t, _ in items]
    stats: dict[str, list[tuple[float, bool, bool]]] = {
        "repeat": [],
        "same_cat_district": [],
        "same_cat": [],
        "different": [],
    }
    for n, (_, _, _, again) in enumerate(items):
        s = similarity.shingles(again)
        m = similarity.compare_shingles(shingled[n], s)
        stats["repeat"].append(
            (m.jaccard, m.linked, bool(keys[n] & {v for _, v in similarity.band_values(again)}))
        )
    for i, j in itertools.combinations(range(len(items)), 2):
        if items[i][0] == items[j][0]:
            group = "same_cat_district" if items[i][1] == items[j][1] else "same_cat"
        else:
            group = "different"
        m = similarity.compare_shingles(shingled[i], shingled[j])
        stats[group].append((m.jaccard, m.linked, bool(keys[i] & keys[j])))
    out: dict[str, float] = {"mean_length": sum(len(t) for _, _, t, _ in items) / len(items)}
    for group, values in stats.items():
        out[f"{group}_jaccard"] = sum(v[0] for v in values) / len(values)
        out[f"{group}_linked"] = sum(v[1] for v in values) / len(values)
        out[f"{group}_band_share"] = sum(v[2] for v in values) / len(values)
    return out


if __name__ == "__main__":
    for name, value in calibrate().items():
        print(f"{name:32} {value:.4f}")
