from __future__ import annotations

import pandas as pd
import pytest

import govgraph as gg
from tests.conftest import small_tables


def test_resident_names_and_contacts_are_replaced(datun):
    safe = gg.anonymize(datun, key="secret")
    residents = datun.partners["kind"] == "resident"
    assert not (safe.partners.loc[residents, "name"] == datun.partners.loc[residents, "name"]).any()
    assert safe.partners.loc[residents, "name"].str.match(r"^居民#[0-9a-f]{12}$").all()
    phones = datun.partners["phone"].dropna()
    assert not safe.partners.loc[phones.index, "phone"].isin(phones).any()
    assert safe.partners.loc[phones.index, "phone"].str.match(r"^#[0-9a-f]{12}$").all()
    others = ~residents
    pd.testing.assert_series_equal(safe.partners.loc[others, "name"], datun.partners.loc[others, "name"])


def test_structure_is_unchanged(datun):
    safe = gg.anonymize(datun, key="secret")
    for name in ("relations", "needs", "resources"):
        pd.testing.assert_frame_equal(getattr(safe, name), getattr(datun, name))
    pd.testing.assert_index_equal(safe.partners.index, datun.partners.index)
    pd.testing.assert_frame_equal(
        safe.partners.drop(columns=["name", "phone"]), datun.partners.drop(columns=["name", "phone"])
    )


def test_stable_for_the_same_key_and_different_for_another(datun):
    first = gg.anonymize(datun, key="secret")
    assert gg.anonymize(datun, key="secret") == first
    other = gg.anonymize(datun, key="another")
    assert (other.partners["name"] != first.partners["name"]).sum() == (
        datun.partners["kind"] == "resident"
    ).sum()


def test_same_name_gets_the_same_pseudonym():
    tables = small_tables()
    tables["partners"].loc[3, "kind"] = "resident"
    tables["partners"].loc[3, "name"] = "居民甲"
    tables["relations"] = tables["relations"][tables["relations"]["relation"] == "part_of"]
    tables["resources"]["provider"] = "C1"
    safe = gg.anonymize(gg.PartnerNetwork.from_frames(**tables), key="s")
    assert safe.partners.loc["W1", "name"] == safe.partners.loc["R1", "name"]


def test_ids_can_be_replaced_everywhere(small):
    safe = gg.anonymize(small, key="s", ids=True)
    new_id = next(i for i in safe.partners.index if i.startswith("resident#"))
    assert "R1" not in safe.partners.index
    assert new_id in set(safe.relations["source"]) | set(safe.relations["target"])
    assert safe.needs.loc["N1", "requester"] == new_id
    assert len(safe.relations) == len(small.relations)


def test_bad_arguments(small):
    with pytest.raises(gg.GovGraphError, match=r"kinds: unknown partner kinds \['people'\]"):
        gg.anonymize(small, key="s", kinds=["people"])
    with pytest.raises(gg.GovGraphError, match="key: expected a string, got int"):
        gg.anonymize(small, key=3)
    with pytest.raises(gg.GovGraphError, match="key: must not be empty"):
        gg.anonymize(small, key="")
    with pytest.raises(TypeError):
        gg.anonymize(small)  # type: ignore[call-arg]


def test_contacts_are_found_by_column_name_and_by_content():
    tables = small_tables()
    tables["partners"]["联系方式"] = [None, None, None, "13912345678", "微信 abc"]
    tables["partners"]["家庭住址"] = [None, None, None, None, "3号楼2单元"]
    tables["partners"]["QQ"] = [None, None, None, None, "123456"]
    tables["partners"]["ID"] = [None, None, None, None, "110101199003071234"]
    tables["needs"]["description"] = ["腿脚不便，电话 138-1234-5678，身份证11010119900307123X，邮件 a.b@x.cn"]
    net = gg.PartnerNetwork.from_frames(**tables)
    found = gg.privacy.personal_data(net)
    assert found[["table", "column", "what"]].values.tolist() == [
        ["partners", "name", "resident names"],
        ["partners", "phone", "contact column"],
        ["partners", "联系方式", "contact column"],
        ["partners", "家庭住址", "contact column"],
        ["partners", "QQ", "contact column"],
        ["partners", "ID", "contact column"],
        ["needs", "description", "mobile numbers"],
        ["needs", "description", "ID-card numbers"],
        ["needs", "description", "e-mail addresses"],
    ]
    safe = gg.anonymize(net, key="k")
    text = " ".join(str(v) for frame in (safe.partners, safe.needs) for v in frame.to_numpy().ravel())
    for secret in ("13912345678", "微信 abc", "3号楼2单元", "123456", "110101199003071234", "138-1234-5678",
                   "11010119900307123X", "a.b@x.cn", "居民甲"):  # fmt: skip
        assert secret not in text, secret
    assert safe.needs.loc["N1", "description"].startswith("腿脚不便，电话 #")
    assert len(safe.partners) == len(net.partners) and safe.relations.equals(net.relations)
