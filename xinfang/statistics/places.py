"""The 38 districts and counties of Chongqing (GB/T 2260 codes, names as the municipality
publishes them since 2016, when 梁平 and 武隆 became districts) and their places on a tile grid.

No boundary data set with a clean licence ships in an installed package, so the statistics
draw a tile grid: one square a district, placed roughly where it lies (the city's core in the
west, the Three Gorges counties in the north-east, the Wuling mountain counties in the
south-east), every square the same size so that no district's volume hides in its area.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class District:
    """A district or county: its code, its names, its square on the grid (row, column)."""

    code: str
    name: str
    name_en: str
    row: int
    col: int

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return self.name_en if (get_language() or "").startswith("en") else self.name


DISTRICTS: tuple[District, ...] = (
    District("500101", "万州区", "Wanzhou", 2, 7),
    District("500102", "涪陵区", "Fuling", 4, 5),
    District("500103", "渝中区", "Yuzhong", 5, 3),
    District("500104", "大渡口区", "Dadukou", 6, 2),
    District("500105", "江北区", "Jiangbei", 4, 4),
    District("500106", "沙坪坝区", "Shapingba", 4, 3),
    District("500107", "九龙坡区", "Jiulongpo", 5, 2),
    District("500108", "南岸区", "Nan'an", 5, 4),
    District("500109", "北碚区", "Beibei", 3, 3),
    District("500110", "綦江区", "Qijiang", 7, 3),
    District("500111", "大足区", "Dazu", 3, 1),
    District("500112", "渝北区", "Yubei", 3, 4),
    District("500113", "巴南区", "Banan", 6, 4),
    District("500114", "黔江区", "Qianjiang", 5, 8),
    District("500115", "长寿区", "Changshou", 3, 5),
    District("500116", "江津区", "Jiangjin", 6, 1),
    District("500117", "合川区", "Hechuan", 2, 3),
    District("500118", "永川区", "Yongchuan", 5, 1),
    District("500119", "南川区", "Nanchuan", 6, 5),
    District("500120", "璧山区", "Bishan", 4, 2),
    District("500151", "铜梁区", "Tongliang", 3, 2),
    District("500152", "潼南区", "Tongnan", 2, 2),
    District("500153", "荣昌区", "Rongchang", 4, 1),
    District("500154", "开州区", "Kaizhou", 1, 7),
    District("500155", "梁平区", "Liangping", 2, 6),
    District("500156", "武隆区", "Wulong", 5, 6),
    District("500229", "城口县", "Chengkou", 0, 7),
    District("500230", "丰都县", "Fengdu", 4, 6),
    District("500231", "垫江县", "Dianjiang", 2, 5),
    District("500233", "忠县", "Zhongxian", 3, 6),
    District("500235", "云阳县", "Yunyang", 1, 8),
    District("500236", "奉节县", "Fengjie", 1, 9),
    District("500237", "巫山县", "Wushan", 1, 10),
    District("500238", "巫溪县", "Wuxi", 0, 9),
    District("500240", "石柱土家族自治县", "Shizhu", 3, 7),
    District("500241", "秀山土家族苗族自治县", "Xiushan", 6, 8),
    District("500242", "酉阳土家族苗族自治县", "Youyang", 6, 7),
    District("500243", "彭水苗族土家族自治县", "Pengshui", 5, 7),
)

DISTRICT_BY_CODE: dict[str, District] = {d.code: d for d in DISTRICTS}

#: The municipality's own code: a place recorded only as "Chongqing".
MUNICIPALITY = "500000"


def is_district(code: str) -> bool:
    return code in DISTRICT_BY_CODE
