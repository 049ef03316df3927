"""The bundled Datun North data reproduces the article's figures; synthetic networks scale."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pandas as pd
import pytest

import govgraph as gg

ROOT = Path(__file__).resolve().parents[1]


def grids(net: gg.PartnerNetwork, community: str, grid_type: str | None = None) -> pd.DataFrame:
    p = net.partners
    selected = p[(p["kind"] == "grid") & (p["community"] == community)]
    return selected if grid_type is None else selected[selected["grid_type"] == grid_type]


def partners_of_committee(net: gg.PartnerNetwork, committee: str, kind: str) -> int:
    r = net.relations
    ends = r.loc[
        (r["relation"] == "partners_with") & ((r["source"] == committee) | (r["target"] == committee))
    ]
    others = pd.concat([ends["source"], ends["target"]])
    others = others[others != committee]
    return int((net.partners.loc[others, "kind"] == kind).sum())


def test_five_communities(datun):
    communities = datun.partners[datun.partners["kind"] == "community"]
    assert dict(zip(communities.index, communities["name"])) == {
        "FC": "富成花园社区",
        "RH": "融华嘉园社区",
        "JM": "嘉铭园社区",
        "OL": "欧陆经典社区",
        "YY": "亚运新新家园社区",
    }


def test_fucheng_garden(datun):
    assert datun.partners.loc["FC", "area_km2"] == 1.92
    assert len(grids(datun, "FC", "large")) == 4
    micro = grids(datun, "FC", "micro")
    assert len(micro) == 11
    parents = datun.relations[
        datun.relations["source"].isin(micro.index) & (datun.relations["relation"] == "part_of")
    ]
    assert set(datun.partners.loc[parents["target"], "grid_type"]) == {"large"}
    assert partners_of_committee(datun, "FC-PC", "merchant") == 35
    assert partners_of_committee(datun, "FC-PC", "social_org") == 20
    assert partners_of_committee(datun, "FC-PC", "professional") == 3
    community_of = datun.partners["community"]
    assert (community_of[datun.needs["requester"]] == "FC").sum() == 183
    assert (community_of[datun.resources["provider"]] == "FC").sum() == 78
    roles = datun.partners.loc[datun.partners["community"] == "FC", "role"].value_counts()
    assert roles["dual_grid_head"] == 2 * 4
    assert {"property_butler", "children_councillor", "womens_federation_member"} <= set(roles.index)
    visits = datun.relations[(datun.relations["relation"] == "visits")]
    assert visits.loc[community_of[visits["source"]].to_numpy() == "FC", "weight"].sum() >= 1000  # 千余次走访


def test_ronghua_jiayuan(datun):
    p, r = datun.partners, datun.relations
    assert len(grids(datun, "RH")) == 6
    station = p[(p["kind"] == "service_station") & (p["community"] == "RH")]
    assert list(station["name"]) == ["老年驿站"]
    vulnerable = p[(p["community"] == "RH") & (p["kind"] == "resident") & (p["elderly"] | p["disabled"])]
    visited = set(r.loc[r["relation"] == "visits", "target"])
    assert len(vulnerable) == 225 and set(vulnerable.index) <= visited
    serves = r[(r["source"] == station.index[0]) & (r["relation"] == "serves")]
    assert serves.groupby("service")["weight"].sum().to_dict() == {
        "book_delivery": 69.0,
        "haircut_clinic": 92.0,
    }
    assert int(p["anti_wandering_card"].fillna(False).sum()) == 2
    heads = p[(p["community"] == "RH") & (p["role"] == "branch_secretary")]
    led = r[(r["relation"] == "leads") & r["source"].isin(heads.index)]
    assert sorted(led["target"]) == sorted(grids(datun, "RH").index)  # 支部书记担任网格长


def test_jiamingyuan(datun):
    assert len(grids(datun, "JM", "administrative")) == 16
    party = grids(datun, "JM", "party")
    assert len(party) == 6
    r = datun.relations
    admin = grids(datun, "JM", "administrative").index
    regrouped = r[r["source"].isin(admin) & (r["relation"] == "part_of")]
    assert len(regrouped) == 16 and set(regrouped["target"]) == set(party.index)
    names = set(datun.partners.loc[datun.partners["community"] == "JM", "name"])
    assert {"春晖公益社团", "“嘉”领袖志愿服务队"} <= names


def test_oulu_jingdian(datun):
    p = datun.partners
    assert ((p["kind"] == "party_branch") & (p["community"] == "OL")).sum() == 8
    assert len(grids(datun, "OL")) == 14
    commercial = grids(datun, "OL", "commercial")
    assert len(commercial) == 1
    enterprises = p[(p["kind"] == "merchant") & (p["grid"] == commercial.index[0])]
    assert len(enterprises) == 980
    community_of = p["community"]
    ol_needs = datun.needs[community_of[datun.needs["requester"]].to_numpy() == "OL"]
    assert (ol_needs["category"] == "safety_hazard").sum() == 35
    assert len(ol_needs) >= 120
    chargers = datun.resources[datun.resources["name"] == "新增电动车充电桩"]
    assert chargers["capacity"].tolist() == [200]


def test_yayun_xinxin_jiayuan(datun):
    p = datun.partners
    assert len(grids(datun, "YY", "courtyard")) == 8
    buildings = p[(p["kind"] == "building") & (p["community"] == "YY")]
    assert buildings["property_managed"].sum() == 1
    restored = buildings[buildings["property_managed"]]
    assert list(restored["name"]) == ["六王坟2号院4号楼"]
    manager = p[(p["kind"] == "property_manager") & (p["community"] == "YY")]
    assert manager["fee_rate"].tolist() == [1.0] and manager["complaints"].tolist() == [0]
    assert (p.loc[p["community"] == "YY", "role"] == "grid_voice").sum() >= 3


def test_every_building_has_households_and_a_party_chain(datun):
    p, r = datun.partners, datun.relations
    buildings = p[p["kind"] == "building"]
    assert buildings["households"].notna().all()
    residential = buildings[buildings["building_type"] == "residential"].index
    groups = r[(r["relation"] == "responsible_for") & r["source"].str.contains("-PG")]
    assert set(residential) <= set(groups["target"])
    # committee <- branch <- group <- member
    kinds = p["kind"]
    part_of = r[r["relation"] == "part_of"]
    branch_up = part_of[kinds[part_of["source"]].to_numpy() == "party_branch"]
    assert (kinds[branch_up["target"]] == "party_committee").all()
    assert set(branch_up["source"]) == set(p.index[kinds == "party_branch"])
    member_of = r[(r["relation"] == "member_of") & (kinds[r["source"]].to_numpy() == "party_member")]
    assert (member_of.groupby("source").size() >= 1).all()


def test_residents_raise_needs_and_partners_offer_resources(datun):
    p = datun.partners
    assert (p.loc[datun.needs["requester"], "kind"] == "resident").all()
    assert datun.resources["capacity"].gt(0).all()
    residents = p[p["kind"] == "resident"]
    for trait in ("elderly", "disabled", "living_alone"):
        assert residents[trait].any()


def test_activities_and_projects_from_the_article(datun):
    activities, projects, links = datun.activities, datun.projects, datun.links
    named = activities.groupby(["name"]).size()
    # 富成花园: 公益市集 with its merchants, organisations and professional forces; 周便民服务 in each large grid
    markets = activities.index[activities["name"] == "公益市集"]
    assert len(markets) == 4 and (activities.loc[markets, "kind"] == "market").all()
    stalls = links[links["target"].isin(markets) & (links["relation"] == "serves_in")]
    assert set(datun.partners.loc[stalls["source"], "kind"]) >= {"merchant"}
    assert named[named.index.str.endswith("周便民服务")].sum() == 4
    # 嘉铭园: 春晖公益社团 runs 文化节, 季度联欢 and 月度公益
    run = links[(links["source"] == "JM-SO-CH") & (links["relation"] == "organises")]["target"]
    names = set(activities.loc[run, "name"])
    assert "春晖文化节" in names and sum(n.endswith("季度联欢") for n in names) == 4
    assert sum(n.endswith("月度公益") for n in names) == 12
    # 亚运新新家园: 网格议事会 in the courtyards; 六王坟2号院4号楼's property management restored
    councils = activities[activities["name"] == "网格议事会"]
    assert set(datun.partners.loc[councils["place"], "grid_type"]) == {"courtyard"}
    restored = projects[projects["place"] == "YY-B-LWF2-4"]
    assert len(restored) == 1 and restored["status"].iloc[0] == "done"
    # 欧陆经典: 200 chargers, 2 bike sheds, 5 roads, 23 stairways
    assert {"新增电动车充电桩200个", "新建车棚2个", "道路修缮5条", "楼梯修缮23处"} <= set(projects["name"])
    used = links[(links["relation"] == "uses") & links["source"].str.startswith("OL-PRJ")]
    assert set(datun.resources.loc[used["target"], "capacity"]) == {200, 2}
    # every link validated: partners take part, projects answer needs and use resources
    assert links["source"].isin(datun.partners.index.union(projects.index)).all()
    assert len(datun.relations) == 8_776  # the partner relations the article's figures rest on are unchanged


def test_no_real_names(datun):
    # The article names three residents; no partner may carry them.
    names = "|".join(datun.partners["name"].dropna())
    for real in ("王玉堂", "姜荣田", "王江"):
        assert real not in names


def test_builder_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "datasets"))
    try:
        import build_datun_north
    finally:
        sys.path.pop(0)
    build_datun_north.build().write(tmp_path / "again")
    for name in ("partners", "relations", "needs", "resources", "activities", "projects", "_types"):
        shipped = (ROOT / "datasets" / "datun_north" / f"{name}.csv").read_bytes()
        assert (tmp_path / "again" / f"{name}.csv").read_bytes() == shipped, name


def test_available_and_unknown_datasets():
    assert gg.datasets.available_datasets() == ["datun_north"]
    with pytest.raises(gg.GovGraphError, match="no bundled dataset 'beijing'; available: datun_north"):
        gg.load_dataset("beijing")


def test_synthetic_shape_and_determinism():
    net = gg.datasets.synthetic(12_000, seed=3)
    assert len(net.partners) == 12_000
    assert len(net.relations) == 36_000
    assert gg.datasets.synthetic(12_000, seed=3) == net
    assert gg.datasets.synthetic(12_000, seed=4) != net
    kinds = net.partners["kind"].value_counts()
    assert kinds["resident"] > kinds.drop("resident").sum()
    assert set(gg.DEFAULT_SCHEMA.kinds) - set(kinds.index) == set()
    assert net.partners.loc[net.partners["kind"] == "building", "households"].between(40, 200).all()
    providers = net.partners.loc[net.resources["provider"], "kind"].value_counts()
    assert (
        providers["merchant"] == kinds["merchant"]
        and providers["service_station"] == kinds["service_station"]
    )
    assert len(net.needs) == round(0.1 * kinds["resident"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"partners": 10}, "partners: expected a whole number of at least 1,000"),
        ({"partners": 5000.5}, "partners: expected a whole number"),
        ({"partners": 5000, "relations_per_partner": 1}, "relations_per_partner: expected at least 2.5"),
        ({"partners": 5000, "needs_share": 2}, "needs_share: expected a share between 0 and 1"),
    ],
)
def test_synthetic_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.datasets.synthetic(**kwargs)


@pytest.mark.slow
def test_load_dataset_and_excel_from_a_wheel_in_a_fresh_environment(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("govgraph-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        env=environment,
    )
    script = (
        "import govgraph as gg, pathlib; net = gg.load_dataset('datun_north'); "
        "assert '_bundled' in str(gg.datasets.bundled_path('datasets')), gg.datasets.bundled_path('datasets'); "
        "assert (gg.datasets.bundled_path('cypher')).is_dir(); "
        # Excel in the default install: a workbook and a ledger template written and read back.
        "net.write('book.xlsx'); assert gg.read('book.xlsx') == net; "
        "gg.io.write_template('template.xlsx'); gg.read('template.xlsx'); "
        "print(len(net.partners), pathlib.Path(gg.__file__).parent)"
    )
    result = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, env=environment, check=True, capture_output=True, text=True
    )
    count, location = result.stdout.split()
    assert int(count) == len(gg.load_dataset("datun_north").partners)
    assert str(env_dir) in location
