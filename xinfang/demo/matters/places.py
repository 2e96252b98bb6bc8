"""Where the demo matters happen and who writes them: districts, companies, names."""

from __future__ import annotations

import random
from dataclasses import dataclass

MUNICIPAL = "500000"


@dataclass(frozen=True)
class District:
    region: str
    name: str
    places: str  # each field: names separated by spaces
    estates: str
    projects: str
    schools: str
    villages: str = ""

    def pick(self, rng: random.Random, what: str) -> str:
        names: str = getattr(self, what)
        return rng.choice(names.split())


DISTRICTS = (
    District(
        "500103",
        "渝中区",
        "解放碑民族路 较场口 七星岗中山一路 大坪正街 化龙桥 上清寺中山四路 朝天门陕西路 "
        "南纪门凤凰台 石油路 大溪沟人和街 菜园坝 鹅岭正街",
        "枇杷山正街小区 金汤街小区 嘉华大厦 大坪长江二路小区 两路口希望公寓 储奇门滨江苑 "
        "人和街四号院",
        "储奇门片区旧城改造项目 大坪长江村棚户区改造项目 化龙桥片区房屋征收项目 "
        "十八梯传统风貌区二期项目",
        "人和街小学 大坪小学 中华路小学 两路口中学",
    ),
    District(
        "500105",
        "江北区",
        "观音桥建新北路 华新街 五里店 石马河 大石坝 寸滩 郭家沱 鱼嘴",
        "观音桥锦绣苑 五里店嘉园 石马河滨江花园 大石坝东原小区",
        "寸滩港片区征收项目 五里店旧城改造项目 郭家沱老厂区改造项目",
        "新村实验小学 华新街小学 十八中两江实验学校",
    ),
    District(
        "500106",
        "沙坪坝区",
        "小龙坎正街 三峡广场 磁器口 井口 歌乐山 天星桥 土湾 新桥",
        "小龙坎新苑 天星桥怡景花园 土湾电厂宿舍 新桥正街小区",
        "土湾片区棚户区改造项目 井口老街改造项目",
        "树人小学 莲光小学 凤鸣山中学",
    ),
    District(
        "500101",
        "万州区",
        "高笋塘 太白路 牌楼 周家坝 北山大道 沙河子 天城",
        "高笋塘商住楼 周家坝江南苑 牌楼安置小区",
        "周家坝滨江路拓宽项目 天城老城区改造项目",
        "万州区第一小学 太白小学",
        "天城镇花石村 长岭镇安溪村",
    ),
    District(
        "500229",
        "城口县",
        "葛城街道 复兴街道 修齐镇 巴山镇 明中乡 高观镇",
        "葛城南苑小区 复兴街道安置小区",
        "城口县城北新区安置房项目",
        "城口县实验小学 修齐镇中心小学",
        "修齐镇枇杷村 巴山镇坪上村 高观镇双河村 明中乡红军村",
    ),
)
DISTRICT_BY_REGION = {d.region: d for d in DISTRICTS}
CITY = District(
    MUNICIPAL,
    "重庆市",
    "渝北区龙溪街道 南岸区南坪 九龙坡区杨家坪 巴南区鱼洞 北碚区天生街道 江北区观音桥 "
    "大渡口区新山村",
    "南坪协信花园 杨家坪正街小区 龙溪金紫苑",
    "轨道交通十五号线工程 渝湘复线高速公路工程",
    "重庆市第一实验中学",
)

COMPANY_WORDS = ("嘉陵", "鸿运", "山城", "两江", "渝发", "金桥", "锦程", "华宇", "恒达", "佳和")
COMPANY_KINDS = (
    "建筑劳务有限公司",
    "物业服务有限公司",
    "置业有限公司",
    "房地产开发有限公司",
    "餐饮管理有限公司",
    "机械制造有限公司",
    "商贸有限公司",
    "汽车维修有限公司",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "建国志明海燕红军晓东丽华伟平文静春梅永强秀英德胜玉兰家豪思远雨欣俊杰婷婷浩然子涵佳怡"
