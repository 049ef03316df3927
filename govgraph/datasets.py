"""The bundled Datun North dataset and synthetic networks for scale tests.

>>> import govgraph as gg
>>> net = gg.load_dataset("datun_north")
>>> sorted(net.partners.loc[net.partners["kind"] == "community", "name"])
['亚运新新家园社区', '嘉铭园社区', '富成花园社区', '欧陆经典社区', '融华嘉园社区']
>>> gg.datasets.synthetic(5_000, seed=1)
<PartnerNetwork: 5,000 partners, 15,000 relations, 406 needs, 58 resources>
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.io import read
from govgraph.model.files import bundled_path
from govgraph.model.network import PartnerNetwork

__all__ = [
    "available_datasets",
    "bundled_path",
    "city_community",
    "load_dataset",
    "synthetic",
    "synthetic_tables",
]


def available_datasets() -> list[str]:
    """Names of the bundled datasets."""
    root = bundled_path("datasets")
    return sorted(p.name for p in root.iterdir() if (p / "partners.csv").is_file())


def load_dataset(name: str = "datun_north") -> PartnerNetwork:
    """Load a bundled dataset.

    Parameters
    ----------
    name : str
        ``"datun_north"``: the five communities of the north cluster of
        Datun Street (大屯街道北片区), Chaoyang District, Beijing; synthetic
        but reproducing every figure the source article reports. See
        ``datasets/datun_north/README.md`` for what is reported and what is
        invented.

    Returns
    -------
    PartnerNetwork
    """
    names = available_datasets()
    if name not in names:
        raise GovGraphError(f"name: no bundled dataset {name!r}; available: {', '.join(names)}")
    return read(bundled_path("datasets") / name)


# Per community of a synthetic network: how many of each kind and how they nest.
_GRIDS = 10
_BUILDINGS_PER_GRID = 8
_MEMBERS_PER_BUILDING = 2
_MERCHANTS, _SOCIAL_ORGS, _PROFESSIONALS, _VOLUNTEERS = 20, 5, 2, 10
_NON_RESIDENTS = (
    4  # community, party committee, service station, property manager
    + 3 * _GRIDS  # grids, branches, grid heads
    + _GRIDS * _BUILDINGS_PER_GRID * (3 + _MEMBERS_PER_BUILDING)  # building, group, door head, members
    + _MERCHANTS
    + _SOCIAL_ORGS
    + _PROFESSIONALS
    + _VOLUNTEERS
)
_PARTNERS_PER_COMMUNITY = 2_500
#: Share of the extra resident visits that go to another community.
_FAR_VISITS = 0.02
_CATEGORIES = (
    "elderly_care",
    "health_clinic",
    "haircut",
    "repair",
    "dispute_mediation",
    "environment",
    "safety_hazard",
    "legal_aid",
)


def synthetic(
    partners: int = 10_000,
    *,
    relations_per_partner: float = 3.0,
    needs_share: float = 0.1,
    seed: int = 0,
) -> PartnerNetwork:
    """A synthetic street or district with the shape of Datun North.

    Communities of about 2,500 partners each: ten grids of eight buildings,
    the party chain committee → branch → group → member, grid heads and
    building-door heads, merchants, social organisations, professionals and
    volunteers, and residents spread over the buildings. The service station,
    social organisations, professionals, property manager and merchants each
    offer one resource; a ``needs_share`` of residents raise one need.
    Residents live in a building and are visited by their door head; further
    visits between
    residents (2% of them across communities) bring the relations to
    ``relations_per_partner`` per partner. Each community's party committee
    collaborates with those of the next two, so the district is connected.

    Parameters
    ----------
    partners : int
        Exact number of partners, at least 1,000 (a whole district is
        1,000,000 or more).
    relations_per_partner : float
        Relations per partner, at least 2.5.
    needs_share : float
        Share of residents who raise one need.
    seed : int
        The same seed gives the same network.

    Returns
    -------
    PartnerNetwork
        Validated like any other network.
    """
    tables = synthetic_tables(
        partners, relations_per_partner=relations_per_partner, needs_share=needs_share, seed=seed
    )
    return PartnerNetwork.from_frames(**tables)


def synthetic_tables(
    partners: int = 10_000,
    *,
    relations_per_partner: float = 3.0,
    needs_share: float = 0.1,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """The raw tables behind :func:`synthetic`, before validation."""
    if isinstance(partners, bool) or not isinstance(partners, (int, np.integer)) or partners < 1_000:
        raise GovGraphError(f"partners: expected a whole number of at least 1,000, got {partners!r}")
    if not relations_per_partner >= 2.5:
        raise GovGraphError(f"relations_per_partner: expected at least 2.5, got {relations_per_partner!r}")
    if not 0 <= needs_share <= 1:
        raise GovGraphError(f"needs_share: expected a share between 0 and 1, got {needs_share!r}")
    rng = np.random.default_rng(seed)
    n_comm = max(1, round(partners / _PARTNERS_PER_COMMUNITY))
    n_residents = partners - n_comm * _NON_RESIDENTS
    if n_residents < n_comm:
        n_comm = max(1, partners // (_NON_RESIDENTS + 500))
        n_residents = partners - n_comm * _NON_RESIDENTS
    b = _Builder()
    comm = b.add("community", "C", n_comm, community=np.arange(n_comm))
    committee = b.add("party_committee", "PC", n_comm, community=np.arange(n_comm))
    station = b.add("service_station", "SS", n_comm, community=np.arange(n_comm))
    company = b.add("property_manager", "PM", n_comm, community=np.arange(n_comm))
    b.link(committee, comm, "leads")
    b.link(station, comm, "part_of")
    b.link(company, comm, "responsible_for")
    # Neighbouring communities' committees work together (as the five of Datun's 雁阵 do).
    for step in (1, 2):
        if n_comm > step:
            b.link(committee, np.roll(committee, -step), "collaborates")

    grid_comm = np.repeat(np.arange(n_comm), _GRIDS)
    n_grids = len(grid_comm)
    grid = b.add("grid", "G", n_grids, community=grid_comm)
    b.grid_ids = grid
    branch = b.add("party_branch", "PB", n_grids, community=grid_comm, grid=np.arange(n_grids))
    head = b.add("grid_worker", "GH", n_grids, community=grid_comm, grid=np.arange(n_grids))
    b.link(grid, comm[grid_comm], "part_of")
    b.link(branch, committee[grid_comm], "part_of")
    b.link(branch, grid, "leads")
    b.link(head, grid, "responsible_for")

    bld_grid = np.repeat(np.arange(n_grids), _BUILDINGS_PER_GRID)
    bld_comm = grid_comm[bld_grid]
    n_bld = len(bld_grid)
    building = b.add("building", "B", n_bld, community=bld_comm, grid=bld_grid)
    b.households = rng.integers(40, 200, n_bld)
    group = b.add("party_group", "PG", n_bld, community=bld_comm, grid=bld_grid)
    door = b.add("grid_worker", "DH", n_bld, community=bld_comm, grid=bld_grid)
    b.link(building, grid[bld_grid], "part_of")
    b.link(group, branch[bld_grid], "part_of")
    b.link(group, building, "responsible_for")
    b.link(door, building, "responsible_for")
    b.link(door, building, "resides_in")
    member_bld = np.repeat(np.arange(n_bld), _MEMBERS_PER_BUILDING)
    member = b.add(
        "party_member", "M", len(member_bld), community=bld_comm[member_bld], grid=bld_grid[member_bld]
    )
    b.link(member, group[member_bld], "member_of")
    b.link(member, building[member_bld], "resides_in")

    for kind, prefix, count in (
        ("merchant", "MC", _MERCHANTS),
        ("social_org", "SO", _SOCIAL_ORGS),
        ("professional", "PR", _PROFESSIONALS),
    ):
        owner = np.repeat(np.arange(n_comm), count)
        ids = b.add(kind, prefix, len(owner), community=owner)
        b.link(committee[owner], ids, "partners_with")
        if kind == "merchant":
            located = owner * _GRIDS + rng.integers(0, _GRIDS, len(owner))
            b.link(ids, grid[located], "located_in")
        if kind == "social_org":
            b.social_orgs = ids
    vol_comm = np.repeat(np.arange(n_comm), _VOLUNTEERS)
    volunteer = b.add("volunteer", "V", len(vol_comm), community=vol_comm)
    b.link(
        volunteer,
        b.social_orgs[vol_comm * _SOCIAL_ORGS + rng.integers(0, _SOCIAL_ORGS, len(vol_comm))],
        "member_of",
    )

    res_bld = np.sort(rng.integers(0, n_bld, n_residents))
    res_comm = bld_comm[res_bld]
    resident = b.add("resident", "R", n_residents, community=res_comm, grid=bld_grid[res_bld])
    b.link(resident, building[res_bld], "resides_in")
    b.link(door[res_bld], resident, "visits")
    extra = round(relations_per_partner * partners) - b.relation_count()
    if extra > 0:
        start = np.searchsorted(res_comm, np.arange(n_comm))
        size = np.diff(np.append(start, n_residents))
        who = rng.integers(0, n_residents, extra)
        c = res_comm[who]
        offset = (who - start[c] + 1 + (rng.random(extra) * (size[c] - 1)).astype(np.int64)) % size[c]
        whom = start[c] + offset
        # A few friends live elsewhere in the district.
        far = rng.random(extra) < _FAR_VISITS
        whom[far] = (who[far] + 1 + rng.integers(0, n_residents - 1, int(far.sum()))) % n_residents
        b.link(resident[who], resident[whom], "visits")

    n_needs = round(needs_share * n_residents)
    requester = rng.choice(n_residents, n_needs, replace=False) if n_needs else np.array([], dtype=int)
    needs = pd.DataFrame(
        {
            "id": _ids("N", n_needs),
            "requester": resident[np.sort(requester)],
            "category": np.array(_CATEGORIES)[rng.integers(0, len(_CATEGORIES), n_needs)],
            "urgency": rng.integers(1, 6, n_needs),
        }
    )
    providers = np.concatenate(
        [station, b.social_orgs, b.ids_of("professional"), company, b.ids_of("merchant")]
    )
    resources = pd.DataFrame(
        {
            "id": _ids("S", len(providers)),
            "provider": providers,
            "category": np.array(_CATEGORIES)[rng.integers(0, len(_CATEGORIES), len(providers))],
            "capacity": rng.integers(1, 30, len(providers)),
        }
    )
    return {"partners": b.partners(comm), "relations": b.relations(), "needs": needs, "resources": resources}


def _ids(prefix: str, count: int) -> np.ndarray:
    width = max(6, len(str(count)))
    return (prefix + pd.Series(np.arange(1, count + 1)).astype("str").str.zfill(width)).to_numpy()


class _Builder:
    """Accumulates partner blocks and relation blocks as arrays."""

    def __init__(self) -> None:
        self._partners: list[pd.DataFrame] = []
        self._relations: list[tuple[np.ndarray, np.ndarray, str]] = []
        self.grid_ids = np.array([], dtype=object)
        self.social_orgs = np.array([], dtype=object)
        self.households = np.array([], dtype=np.int64)

    def add(
        self,
        kind: str,
        prefix: str,
        count: int,
        community: np.ndarray,
        grid: np.ndarray | None = None,
    ) -> np.ndarray:
        ids = _ids(prefix, count)
        self._partners.append(
            pd.DataFrame(
                {
                    "id": ids,
                    "kind": kind,
                    "name": pd.Series(ids).str.replace(prefix, "", n=1).radd(_NAMES[kind]).to_numpy(),
                    "community_code": community,
                    "grid_code": -1 if grid is None else grid,
                }
            )
        )
        return ids

    def ids_of(self, kind: str) -> np.ndarray:
        return np.concatenate([f["id"].to_numpy() for f in self._partners if f["kind"].iloc[0] == kind])

    def link(self, source: np.ndarray, target: np.ndarray, relation: str) -> None:
        self._relations.append((np.asarray(source), np.asarray(target), relation))

    def relation_count(self) -> int:
        return sum(len(s) for s, _, _ in self._relations)

    def partners(self, communities: np.ndarray) -> pd.DataFrame:
        frame = pd.concat(self._partners, ignore_index=True)
        codes = frame.pop("grid_code").to_numpy()
        frame["community"] = communities[frame.pop("community_code").to_numpy()]
        grid = np.where(codes >= 0, self.grid_ids[np.maximum(codes, 0)], None)
        frame["grid"] = pd.Series(grid, dtype="str")
        households = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        households[frame["kind"] == "building"] = self.households
        frame["households"] = households
        return frame

    def relations(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "source": np.concatenate([s for s, _, _ in self._relations]),
                "target": np.concatenate([t for _, t, _ in self._relations]),
                "relation": np.concatenate([np.full(len(s), r) for s, _, r in self._relations]),
            }
        )


_NAMES = {
    "community": "社区",
    "party_committee": "社区党委",
    "service_station": "服务站",
    "property_manager": "物业",
    "grid": "网格",
    "party_branch": "网格党支部",
    "grid_worker": "网格员",
    "building": "楼栋",
    "party_group": "楼栋党小组",
    "party_member": "党员",
    "merchant": "商户",
    "social_org": "社会组织",
    "professional": "专业力量",
    "volunteer": "志愿者",
    "resident": "居民",
}


#: Columns holding partner ids, per table (named after the community in a synthetic city).
_CITY_ID_COLUMNS = {
    "partners": ("id", "community", "grid"),
    "relations": ("source", "target"),
    "needs": ("id", "requester"),
    "resources": ("id", "provider"),
}


def city_community(
    c: int,
    *,
    partners: int,
    relations_per_partner: float,
    needs_share: float,
    months: int,
    start: pd.Timestamp,
    seed: int,
    communities: int,
) -> dict[str, pd.DataFrame]:
    """The tables of community ``c`` (0-based) of a synthetic city of ``communities`` (see
    :func:`govgraph.spark.synthetic_city`): one community of :func:`synthetic_tables` with its ids
    named after it (``C00042-R000017``), a share of its residents' further visits going to other
    communities, its party committee collaborating with the next two, and needs raised over
    ``months`` months from ``start``. It depends only on ``seed`` and ``c``."""
    tables = synthetic_tables(
        partners,
        relations_per_partner=relations_per_partner,
        needs_share=needs_share,
        seed=int(np.random.SeedSequence([seed, c]).generate_state(1)[0]),
    )
    own = f"{_code(c)}-"
    for name, columns in _CITY_ID_COLUMNS.items():
        frame = tables[name]
        for column in columns:
            frame[column] = (own + frame[column]).where(frame[column].notna())
    # Visits between residents: a share go to a resident of another community.
    rng = np.random.default_rng([seed, c, 1])
    relations, resident = tables["relations"], f"{own}R"
    among = np.flatnonzero(
        (relations["relation"] == "visits").to_numpy()
        & relations["source"].str.startswith(resident).to_numpy()
        & relations["target"].str.startswith(resident).to_numpy()
    )
    if communities > 1:
        far = among[rng.random(len(among)) < _FAR_VISITS]
        elsewhere = (c + 1 + rng.integers(0, communities - 1, len(far))) % communities
        residents = partners - _NON_RESIDENTS
        whom = rng.integers(1, residents + 1, len(far))
        width = max(6, len(str(residents)))  # as synthetic_tables numbers them
        relations.loc[far, "target"] = [f"{_code(int(e))}-R{w:0{width}d}" for e, w in zip(elsewhere, whom)]
    # The party committee works with those of the next two communities.
    steps = [step for step in (1, 2) if communities > step]
    committee = f"{own}PC000001"
    together = pd.DataFrame(
        {
            "source": [committee] * len(steps),
            "target": [f"{_code((c + step) % communities)}-PC000001" for step in steps],
            "relation": "collaborates",
        }
    )
    tables["relations"] = pd.concat([tables["relations"], together], ignore_index=True)
    # Needs raised on days spread over the months.
    needs = tables["needs"]
    span = (start + pd.DateOffset(months=months) - start).days
    days = np.sort(rng.integers(0, span, len(needs)))
    needs["created_at"] = (start + pd.to_timedelta(days, unit="D")).date
    return tables


def _code(c: int) -> str:
    return f"C{c + 1:05d}"
