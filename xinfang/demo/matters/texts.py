"""What petitioners write, one scenario per kind of complaint, and what the organs answer."""

from __future__ import annotations

from dataclasses import dataclass

from xinfang.petitions.matters.choices import LegalRoute, OpinionKind

from .places import COMPANY_KINDS


@dataclass(frozen=True)
class Scenario:
    key: str
    category: str  # leaf category code (migration 0003)
    dept: str  # organ key of the competent department; "township" for the street or town
    summary: str
    content: str
    channels: tuple[str, ...] = ("letter", "visit", "online", "phone")
    companies: tuple[str, ...] = COMPANY_KINDS[4:]  # kinds of business the text may name


SCENARIOS = (
    Scenario(
        "relocation_delay",
        "housing-expropriation",
        "housing",
        "{project}回迁安置房逾期未交付",
        "我家原住{place}，{ym}因{project}签订征收补偿协议，协议约定二十四个月内交付回迁安置房，"
        "至今已逾期{months}个月仍未交房，过渡安置费也从{ym2}起停发。现在一家{n}口在外租房，"
        "每月房租{rent}元，请求督促尽快交房并补发过渡费。",
    ),
    Scenario(
        "compensation_low",
        "housing-expropriation",
        "housing",
        "对{project}房屋征收补偿标准有异议",
        "我在{place}有一套{area}平方米的住房，被列入{project}征收范围。评估公司给出的单价每平方米"
        "{price}元，比周边同类二手房成交价低三成左右，我申请复核评估未获答复。请求公开评估依据，"
        "重新评估并按市场价补偿。",
    ),
    Scenario(
        "property_fees",
        "housing-property",
        "housing",
        "{estate}物业公司擅自上调物业费",
        "{estate}的物业服务企业{company}未经业主大会同意，从{ym}起把物业费由每平方米{fee_old}元"
        "涨到{fee_new}元，电梯长期故障、小区监控大部分损坏却无人维修。业主多次到物业办公室反映无果，"
        "请求主管部门依法查处并督促整改。",
        companies=("物业服务有限公司",),
    ),
    Scenario(
        "elevator",
        "housing-property",
        "housing",
        "{estate}电梯多次困人维修资金无法使用",
        "{estate}{n}号楼两部电梯今年已困人{times}次，最近一次在{ym}困住一名八十多岁的老人。"
        "物业说要动用专项维修资金，但申请提交三个月没有结果。请求协调尽快使用维修资金更换电梯。",
    ),
    Scenario(
        "public_rental",
        "housing-security",
        "housing",
        "申请公租房多次审核未通过",
        "我是{place}的住户，家庭人均月收入不足{income}元，符合公租房申请条件，{ym}提交申请后"
        "街道初审通过，但区里复审以材料不全为由退回两次，每次要求补充的材料都不一样。"
        "请求说明具体缺少哪些材料并尽快审核。",
    ),
    Scenario(
        "leaking_building",
        "housing-quality",
        "housing",
        "新建商品房墙体开裂漏水",
        "我于{ym}在{place}购买{company}开发的商品房，入住不到一年外墙开裂、卫生间渗水到楼下，"
        "全楼{n}户有类似问题。开发商一直推给施工单位，施工单位又说已过整改期。"
        "请求住建部门组织质量鉴定并责令开发商维修。",
        companies=("置业有限公司", "房地产开发有限公司"),
    ),
    Scenario(
        "wage_arrears",
        "labour-wages",
        "hrss",
        "{company}拖欠{n}名工人工资{amount}元",
        "我们{n}人在{company}承建的{place}工地做{trade}，从{ym}干到{ym2}，包工头{boss}以"
        "总包方未拨款为由拖欠工资共计{amount}元，多次讨要无果。过年要回老家，请求帮助追讨工资。",
        companies=("建筑劳务有限公司", "建设工程有限公司"),
    ),
    Scenario(
        "social_insurance",
        "labour-insurance",
        "hrss",
        "单位未足额缴纳社会保险",
        "我在{company}工作{years}年，公司一直按最低基数给我缴养老保险，{ym}起干脆停缴，"
        "工资条上却照扣个人部分。我今年{retiring_age}岁，快到退休年龄，担心影响养老金。请求责令单位补缴。",
    ),
    Scenario(
        "dismissal",
        "labour-relations",
        "hrss",
        "被{company}无故辞退未支付经济补偿",
        "我在{company}工作了{years}年，{ym}公司以业务调整为由口头通知我不用上班了，没有书面通知，"
        "也不支付经济补偿，还扣发最后一个月工资{amount}元。请求依法处理。",
    ),
    Scenario(
        "land_title",
        "land-title",
        "land",
        "房屋不动产权证办理多年未果",
        "我于{ym}购买{place}{estate}的住房，已付清全款{years}年，开发商一直以土地出让金未缴清为由"
        "不办产权证，全楼{n}户都办不了证，孩子上学落户受到影响。请求协调办理不动产权证。",
    ),
    Scenario(
        "illegal_land",
        "land-acquisition",
        "land",
        "征地补偿款未按时足额发放",
        "{village}{n}户村民的承包地于{ym}被征收用于{project}，按公告每亩补偿{price}元，"
        "至今仍有{amount}元未发到户，村里说钱还在镇上。请求查清补偿款去向并发放到户。",
    ),
    Scenario(
        "restaurant_smoke",
        "environment-air",
        "environment",
        "{place}餐馆油烟扰民",
        "{place}临街的{company}开设的火锅店排烟管道直接对着居民楼，每天中午到凌晨油烟不断，"
        "我家窗户都不敢开，老人哮喘加重。多次打12345反映，来人看了一次就没下文。请求督促加装净化设施。",
        companies=("餐饮管理有限公司",),
    ),
    Scenario(
        "night_noise",
        "environment-noise",
        "environment",
        "{place}工地夜间施工噪声扰民",
        "{place}的{project}工地从{ym}开始经常晚上十一点以后还在浇筑混凝土、打桩，噪声很大，"
        "附近{estate}的居民几个月睡不好觉。请问夜间施工是否办理了许可，请求依法查处。",
    ),
    Scenario(
        "river_pollution",
        "environment-water",
        "environment",
        "{place}附近河沟污水直排",
        "{place}附近的{company}厂房有暗管往河沟里排黑水，特别是下雨天排得更多，河水发臭、"
        "鱼虾死了一片。我拍了视频，请求环保部门现场检查取样，依法查处。",
        companies=("机械制造有限公司", "化工有限公司", "食品加工有限公司"),
    ),
    Scenario(
        "medical_dispute",
        "health-dispute",
        "health",
        "对父亲在医院死亡原因有异议",
        "我父亲{elder_age}岁，{ym}因胸痛到{place}附近的区医院就诊，留观{hours}小时后病情恶化死亡。"
        "我们认为医院延误诊治，申请封存病历后医院一直拖延，请求卫健部门组织调查并调解处理。",
    ),
    Scenario(
        "school_enrolment",
        "education-enrolment",
        "education",
        "孩子就近入学被划出学区",
        "我家住{place}，房子是{ym}买的，孩子今年上一年级，原来属于{school}学区，"
        "今年学区调整被划到三公里外的学校，附近新楼盘反而划进了{school}。请求公开学区划分依据并重新考虑。",
    ),
    Scenario(
        "school_fees",
        "education-school",
        "education",
        "学校变相收取课后服务费",
        "{school}要求家长每学期交课后服务费{small_fee}元，说是自愿但不交的孩子放学后只能站在走廊等，"
        "另外还要求统一购买教辅资料。请求教育部门调查规范收费。",
    ),
    Scenario(
        "dibao",
        "civil_affairs-dibao",
        "civil",
        "低保被取消请求恢复",
        "我今年{age}岁，患有尿毒症每周透析三次，家住{place}，{ym}社区通知我低保被取消，"
        "理由是儿子有车，但那辆车是儿子跑货运贷款买的。现在每月医药费{amount}元，请求重新核查恢复低保。",
    ),
    Scenario(
        "elderly_care",
        "civil_affairs-elderly",
        "civil",
        "养老机构护理不到位",
        "我母亲{elder_age}岁，住在{place}的一家民办养老院，每月交费{fee}元，{ym}去看望时发现"
        "身上有多处压疮，护工说人手不够。请求民政部门检查这家养老院的服务质量。",
    ),
    Scenario(
        "veteran",
        "veterans-benefits",
        "civil",
        "退役军人优抚待遇未落实",
        "我是{years}年入伍的退役士兵，参加过抗洪抢险，家住{place}，按政策应享受的定期生活补助"
        "从{ym}起停发，街道说档案材料不全。请求核查档案落实待遇。",
    ),
    Scenario(
        "hukou",
        "public_security-hukou",
        "police",
        "孩子落户被派出所拒绝",
        "我和丈夫是{place}的常住户，孩子{ym}出生，因出生证明上父亲姓名有一个错字，派出所不给落户，"
        "医院又说已过补办期限。孩子快上学了还没有户口，请求协调办理。",
    ),
    Scenario(
        "public_order",
        "public_security-order",
        "police",
        "{place}麻将馆聚众赌博扰民",
        "{place}一楼的麻将馆通宵营业，经常有人大额赌博、吵架，最近还有人上门放高利贷。"
        "居民报警后民警来了人就散，过几天又开。请求公安机关依法取缔。",
    ),
    Scenario(
        "stall_fee",
        "urban-appearance",
        "township",
        "{place}临时摊位被清理后未退押金",
        "我在{place}摆了{years}年水果摊，{ym}街道统一清理临时摊位，说好安排进{place}便民市场，"
        "交了押金{amount}元，现在市场没建成，押金也不退。请求退还押金或兑现承诺。",
    ),
    Scenario(
        "illegal_building",
        "urban-illegal_building",
        "township",
        "{estate}楼顶违章搭建影响安全",
        "{estate}顶楼住户{ym}在楼顶用钢架和彩钢板搭建了约{area}平方米的房屋，堵住了消防通道，"
        "下雨时楼道漏水。向物业和社区反映多次都没拆。请求依法拆除。",
    ),
    Scenario(
        "village_accounts",
        "agriculture-village",
        "township",
        "{village}村务财务不公开",
        "{village}近三年的集体土地租金和修路资金约{amount}元，村委会从未张榜公布，"
        "村民要求查账被拒绝，听说部分工程由村干部亲属承包。请求镇政府组织审计并公开村务。",
        ("letter", "visit"),
    ),
    Scenario(
        "subsidy",
        "agriculture-subsidy",
        "township",
        "耕地地力保护补贴被少发",
        "我家在{village}承包耕地{mu}亩，{ym}发放的耕地地力保护补贴只发了一半，"
        "问村里说面积按二轮承包数据算的，但我家的地一直在种。请求核实面积补发补贴。",
        ("letter", "visit", "phone"),
    ),
    Scenario(
        "cadre_promotion",
        "personnel-treatment",
        "org",
        "退休待遇核定有误请求纠正",
        "我于{ym}从{place}街道退休，工作年限{years}年，退休时核定的职务职级比实际任职低一级，"
        "每月少领约{amount}元。提交过任职文件复印件，至今没有答复。请求重新核定。",
        ("letter", "visit"),
    ),
)
#: A second telling of each complaint in other words, so that matters of the same kind are not
#: all near-copies of each other (the repeat detector would link them all).
ALT_CONTENT = {
    "relocation_delay": "{project}拆迁的时候说好两年回迁，到现在超期{months}个月，工地基本停工。"
    "我们{n}口人挤在亲戚家，过渡费{ym2}以后就没有发过，每个月自己贴{rent}元房租。"
    "开发单位和街道互相推，要求政府出面给个准确的交房时间。",
    "compensation_low": "征收办给我家{area}平米老房子只评了每平{price}元，同一条街去年卖出去的"
    "都比这个高不少。评估报告我看不懂，提出要复核也没人理，签约期限快到了，"
    "请领导过问一下评估是不是公平。",
    "property_fees": "业主大会根本没开过，{company}就贴了个通知说物业费涨到{fee_new}元一平。"
    "交了钱服务反而更差，垃圾几天不清，门禁坏了半年。请住建委管一管这家物业公司。",
    "elevator": "我们楼的电梯老是坏，{ym}又关了人，消防员来才弄出来。物业说维修资金要业主签字，"
    "签字凑够了交上去又说程序不对。楼里老人多，爬十几层楼实在困难，请帮忙催一催。",
    "public_rental": "{ym}申请的公租房到现在都没批下来，两次被退件，每次说法都不一样，"
    "一会儿要收入证明，一会儿要无房证明。我一个人带孩子打零工，月收入不到{income}元，请给个明白话。",
    "leaking_building": "房子交付才一年，外墙裂缝能塞进硬币，下雨天卫生间漏到楼下邻居家，"
    "全楼{n}户都在找{company}。开发商让找施工方，施工方让找开发商，请主管部门给个说法。",
    "wage_arrears": "包工头{boss}欠我们{n}个人的工钱，从{ym}做到{ym2}，一共{amount}元，"
    "说是上面{company}没给钱。我们去工地找，项目部的人叫保安把我们赶出来。请劳动部门帮我们要钱。",
    "social_insurance": "{company}给我交社保一直按最低档，{ym}开始干脆不交了，"
    "可每月工资里还扣着钱。我在这里干了{years}年，再过几年就退休，请查一查公司把扣的钱弄到哪里去了。",
    "dismissal": "{ym}老板一句话就让我走人，{years}年的老员工连个书面通知都没有，"
    "最后一个月{amount}元工资也压着不发。我去公司问，人事说是老板定的。请依法给我做主。",
    "land_title": "{estate}的房子我们买了{years}年，钱早就付清了，产权证一直办不下来。"
    "开发商说欠着土地款，全楼{n}家都卡住了，孩子读书要用房产证，请规划自然资源部门协调。",
    "illegal_land": "{project}征了我们{village}的地，公告上写着每亩{price}元，"
    "可到现在还差{amount}元没有发下来，村干部说镇上还没拨。请查一查这笔钱到底在哪里。",
    "restaurant_smoke": "楼下火锅店的排烟口正对我家窗户，从中午一直熏到半夜，衣服晾不了，"
    "家里老人咳嗽不停。打过好几次热线，说是转给了执法部门，一直没有结果。",
    "night_noise": "{project}的工地天天半夜还在施工，打桩机一响整栋楼都在震，"
    "{estate}很多住户已经几个月睡不好觉。想问问他们有没有夜间施工许可，请环保部门来现场看看。",
    "river_pollution": "我们家门口这条河沟以前能洗衣服，现在一到晚上就有黑水流进来，"
    "味道很刺鼻，怀疑是上游{company}偷排的。我录了视频，请环保局来查一查取个样。",
    "medical_dispute": "我父亲去年胸口痛去医院，留观了{hours}个小时一直说没事，后来人就没了，"
    "才{elder_age}岁。我们要复印病历，医院拖着不给。请卫健委调查医院有没有责任。",
    "school_enrolment": "我们在{place}住了好多年，本来对口{school}，今年学区一调整就被划出去了，"
    "孩子要跨好几条马路去上学。新楼盘反倒划进来了，请把划片的依据公开出来。",
    "school_fees": "{school}的课后服务名义上自愿，其实不报名的孩子放学没人管，"
    "每学期{small_fee}元，还另外让家长统一买教辅。请教委查一查这样收费合不合规。",
    "dibao": "社区{ym}突然说我的低保取消了，原因是儿子名下有一辆车，"
    "可那是他贷款买来拉货养家的。我透析一个月要花{amount}元，没有低保真的活不下去了，请重新核实。",
    "elderly_care": "我妈{elder_age}岁住在养老院，每个月交{fee}元，{ym}我去看她发现身上好几处压疮，"
    "问护工说一个人要照顾十几个老人。请民政局检查一下这家养老院。",
    "veteran": "我是{years}年入伍的老兵，退伍后回了{place}，以前每月有定期生活补助，"
    "{ym}以后就停了。街道说我的档案里缺材料，请帮忙查档案把待遇恢复。",
    "hukou": "孩子{ym}出生，出生证上爸爸的名字错了一个字，派出所说对不上不给上户口，"
    "医院说过了时间不能改。两边来回跑了好几趟，请公安机关给想个办法。",
    "public_order": "楼下的麻将馆天天开到天亮，输了钱的人在楼道里吵，还有人上门催债。"
    "报过几次警，警察一来就关门，走了又开。请派出所彻底管一管。",
    "stall_fee": "我在{place}摆摊{years}年了，{ym}街道清理摊位时收了我{amount}元押金，"
    "说好进新建的便民市场，现在市场没影子，押金也退不回来。请街道兑现承诺。",
    "illegal_building": "{estate}顶楼有户人家在楼顶加建了{area}平米的彩钢房，"
    "把上天台的消防通道堵死了，雨水顺着楼道往下流。找社区和物业都说管不了，请依法处理。",
    "village_accounts": "{village}这几年集体土地出租和修路的钱有{amount}元左右，"
    "从来没有公布过账目。村民想看账被村干部拦着，听说工程都给了干部的亲戚。请镇上派人来查账。",
    "subsidy": "我家在{village}种了{mu}亩地，今年的耕地地力保护补贴只发了一半，"
    "村里说按老数据算的面积。地一直是我家在种，请核实面积把补贴补齐。",
    "cadre_promotion": "我{ym}退休，在{place}街道工作了{years}年，退休核定的职级比我实际任职低，"
    "每个月少拿{amount}元左右。任职文件我都交了复印件，请组织部门重新核定。",
    "metro_noise": "{project}就在{estate}旁边，夜里放炮、渣土车来回跑，{n}号楼墙上已经裂了口子。"
    "请市里协调施工单位晚上停工，给我们的房子做安全鉴定。",
    "bus_route": "{ym}公交改线以后，{place}这一片的站点取消了，老年人去医院要走二十多分钟。"
    "我们{n}多户联名请求恢复站点或者开通社区巴士。",
    "ride_hailing": "我在{company}平台开网约车，{ym}以后平台抽成涨到快三成，"
    "还无缘无故封了我的号，{amount}元保证金不退。请交通部门管一管平台。",
    "prepaid_card": "{ym}我在{company}的健身房办了{fee}元的年卡，结果没多久就关门跑路了，"
    "{n}多个会员找不到人。请市场监管局立案查处，帮我们追回钱。",
    "food_safety": "{ym}从{company}网店买的预制菜一打开就有怪味，家里{n}个人吃了都拉肚子，"
    "看病花了{amount}元，商家只愿意退货款。请市场监管部门查处。",
    "pension_calc": "我{years}年参加工作，在{company}干了大半辈子，{ym}退休时改制前的工龄没算进去，"
    "养老金每个月少了{amount}元左右。请人力社保局重新认定视同缴费年限。",
    "restructuring": "{ym}我们{company}改制，当时承诺每人约{amount}元身份置换补偿，"
    "到现在一分钱没见到，{n}个老职工找了好几次都没结果。请市里督促落实。",
    "rural_road": "{village}出村的路{ym}被山洪冲断了约{area}米，{n}多个村民只能走山路，"
    "孩子上学很危险。村里没钱修，请交通部门安排资金。",
    "hospital_charges": "父亲{ym}在主城医院住了{hours}天院，花了{amount}元，医保只报了不到一半，"
    "很多药都算自费。想请医保部门查一查医院用药是不是合规。",
}

MUNICIPAL_SCENARIOS = (
    Scenario(
        "metro_noise",
        "environment-noise",
        "environment",
        "{project}施工噪声和震动影响居民",
        "我们住在{place}{estate}，{project}从{ym}起在小区旁边打围施工，夜间爆破和运渣车噪声很大，"
        "{n}号楼墙面出现裂缝。请求市级部门协调施工单位限时作业并组织房屋安全鉴定。",
    ),
    Scenario(
        "bus_route",
        "transport-transit",
        "transport",
        "公交线路调整后出行困难",
        "{place}的公交线路{ym}调整后取消了站点，附近{n}多户居民特别是老人去医院要步行二十多分钟。"
        "请求恢复站点或增开社区巴士。",
    ),
    Scenario(
        "ride_hailing",
        "transport-taxi",
        "transport",
        "网约车平台扣费不合理",
        "我是网约车司机，在{company}平台接单，{ym}起平台抽成从百分之二十提高到近三成，"
        "且无故封号扣押保证金{amount}元。请求交通部门依法监管。",
        companies=("出行科技有限公司",),
    ),
    Scenario(
        "prepaid_card",
        "market-consumer",
        "market",
        "健身房关门预付卡无法退款",
        "我在{place}的{company}健身房办了{fee}元的年卡，{ym}健身房突然关门，老板联系不上，"
        "涉及会员{n}多人。请求市场监管部门介入，追究经营者责任。",
        companies=("健身服务有限公司",),
    ),
    Scenario(
        "food_safety",
        "market-food_drug",
        "market",
        "网购预制菜疑似变质",
        "我{ym}在网上从{company}购买的预制菜，收到后有异味，家里{n}人吃后腹泻就医，"
        "花去医疗费{amount}元，商家拒绝赔偿。请求查处并依法赔偿。",
        companies=("食品有限公司",),
    ),
    Scenario(
        "pension_calc",
        "labour-insurance",
        "hrss",
        "养老金核定时视同缴费年限未计入",
        "我{years}年参加工作，原在{company}上班，{ym}办理退休时，企业改制前的视同缴费年限没有认定，"
        "每月养老金少了约{amount}元。请求市人力社保局重新核定。",
        companies=("机械厂", "纺织厂", "化工有限公司"),
    ),
    Scenario(
        "restructuring",
        "enterprise-restructuring",
        "soe",
        "企业改制职工身份置换补偿未到位",
        "我们是原{company}职工，{ym}企业改制并入重庆城投集团下属公司，当时承诺的身份置换补偿金"
        "每人约{amount}元至今未兑现，涉及职工{n}人。请求落实改制方案。",
        ("letter", "visit"),
        companies=("建材厂", "纺织厂", "机械厂"),
    ),
    Scenario(
        "rural_road",
        "transport-roads",
        "transport",
        "乡村公路损毁多年未修",
        "{place}通往{village}的乡村公路{ym}被山洪冲毁一段，约{area}米，村民{n}多人只能绕行山路，"
        "学生上学很不安全。请求交通部门安排修复资金。",
    ),
    Scenario(
        "hospital_charges",
        "health-insurance",
        "health",
        "住院费用医保报销比例偏低",
        "我父亲{ym}在主城一家三甲医院住院{hours}天，总费用{amount}元，医保报销不到一半，"
        "很多药被列为自费。请求核查是否存在违规使用自费药品。",
    ),
)

#: Scenarios routed out of the petition procedure (诉讼与信访分离), with route and notice.
ROUTE_OUTS = (
    Scenario(
        "labour_arbitration",
        "labour-relations",
        "hrss",
        "要求{company}支付加班费和经济补偿",
        "我在{company}工作{years}年，每天工作十二小时，没有加班费，{ym}被公司以违纪为由解除合同，"
        "要求支付加班费和经济补偿共{amount}元。",
    ),
    Scenario(
        "sales_contract",
        "housing-presale",
        "housing",
        "开发商逾期交房要求支付违约金",
        "我于{ym}与{company}签订商品房买卖合同，约定交房日期已过{months}个月，开发商拒绝按合同"
        "支付逾期交房违约金{amount}元。",
        companies=("置业有限公司", "房地产开发有限公司"),
    ),
    Scenario(
        "expropriation_decision",
        "housing-expropriation",
        "housing",
        "不服房屋征收补偿决定",
        "区政府对我在{place}的房屋作出征收补偿决定，补偿金额{amount}元，我认为评估程序违法，"
        "请求撤销该补偿决定。",
    ),
)
ROUTE_OUT_LEGAL = {
    "labour_arbitration": (
        LegalRoute.ARBITRATION,
        "劳动争议应先申请劳动争议仲裁（《劳动争议调解仲裁法》第五条）",
        "请于知道或者应当知道权利被侵害之日起一年内向区劳动人事争议仲裁委员会申请仲裁。",
    ),
    "sales_contract": (
        LegalRoute.LITIGATION,
        "商品房买卖合同违约纠纷属于民事争议，应通过诉讼解决",
        "请向房屋所在地人民法院提起民事诉讼，可申请诉前调解。",
    ),
    "expropriation_decision": (
        LegalRoute.ADMINISTRATIVE_RECONSIDERATION,
        "对房屋征收补偿决定不服，依法可以申请行政复议（《国有土地上房屋征收与补偿条例》第二十六条）",
        "请于收到补偿决定之日起六十日内向有管辖权的行政复议机关申请行政复议，或依法提起行政诉讼。",
    ),
}
ACCUSATION = Scenario(
    "bribery",
    "discipline-accusation",
    "discipline",
    "检举{place}工作人员在审批中索要好处费",
    "我在{place}办理{permit}审批时，经办人员多次以材料不全为由拖延，暗示要“意思意思”，"
    "{ym}我通过中间人送去现金{amount}元后才办下来。同期办理的还有{n}家，情况类似。"
    "请求纪检监察机关调查。",
    ("letter", "online"),
)
COURT = Scenario(
    "enforcement",
    "politics_law-litigation",
    "court",
    "民事判决生效后长期未执行到位",
    "我与{company}买卖合同纠纷一案，法院于{ym}判决对方支付货款{amount}元，申请强制执行已{months}个月，"
    "对方仍在正常经营，执行款一分未到。",
    ("letter", "visit"),
)

LEGAL_BASIS = {
    "housing": "《国有土地上房屋征收与补偿条例》；《重庆市物业管理条例》；《建设工程质量管理条例》",
    "labour": (
        "《保障农民工工资支付条例》第三条；《劳动保障监察条例》第十一条；《社会保险法》第六十三条"
    ),
    "land": "《中华人民共和国土地管理法》第四十八条；《不动产登记暂行条例》",
    "agriculture": "《中华人民共和国村民委员会组织法》第三十条；《中华人民共和国农村土地承包法》",
    "environment": (
        "《中华人民共和国大气污染防治法》；《中华人民共和国噪声污染防治法》；"
        "《中华人民共和国水污染防治法》"
    ),
    "health": "《医疗纠纷预防和处理条例》第二十二条；《医疗保障基金使用监督管理条例》",
    "education": "《中华人民共和国义务教育法》第十二条；《重庆市中小学收费管理规定》",
    "civil_affairs": "《社会救助暂行办法》第九条、第十一条；《养老机构管理办法》",
    "veterans": "《中华人民共和国退役军人保障法》第四十条",
    "public_security": "《中华人民共和国户口登记条例》；《中华人民共和国治安管理处罚法》",
    "urban": "《重庆市市容环境卫生管理条例》；《重庆市城乡规划条例》",
    "personnel": "《公务员法》；机关事业单位工作人员退休待遇有关规定",
    "transport": "《重庆市道路运输管理条例》；《农村公路条例》",
    "market": (
        "《中华人民共和国消费者权益保护法》第三十九条；《中华人民共和国食品安全法》第一百四十八条"
    ),
    "enterprise": "《中华人民共和国劳动合同法》；企业改制职工安置方案",
}
OPINIONS = {
    OpinionKind.SUPPORT: (
        "经调查核实，信访人反映的“{summary}”问题基本属实。",
        "信访人诉求合理，已责成相关单位限期整改落实，并将结果书面告知信访人。",
    ),
    OpinionKind.EXPLAIN: (
        "经调阅档案、走访核实，相关事项已按现行政策办理，部分情况与信访人所述有出入。",
        "已向信访人说明政策依据和办理情况，对其合理关切予以解释，并告知后续办理渠道。",
    ),
    OpinionKind.NOT_SUPPORTED: (
        "经调查核实，信访人反映的“{summary}”问题与事实不符，相关处理符合规定。",
        "信访人的诉求缺乏事实和政策依据，不予支持，并告知其不服可依法请求复查。",
    ),
}
