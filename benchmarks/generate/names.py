"""Fact pools of the benchmark texts: people, companies, estates, roads, kin, trades."""

from __future__ import annotations

import random

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
