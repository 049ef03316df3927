"""Every validation rule, each located by file, spreadsheet row and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govgraph as gg
from tests.conftest import VALID_PARTNERS, VALID_RELATIONS, small_tables, write_csvs


def problems_of(folder: Path) -> list[gg.Problem]:
    with pytest.raises(gg.DataError) as caught:
        gg.read(folder)
    return list(caught.value.problems)


def only(problems: list[gg.Problem], source: str, row: int | None, column: str | None, pattern: str) -> None:
    matching = [p for p in problems if (p.source, p.row, p.column) == (source, row, column)]
    assert matching, f"no problem at {source} row {row} column {column}: {problems}"
    assert any(re.search(pattern, p.message) for p in matching), matching


def test_missing_required_column(tmp_path):
    folder = write_csvs(tmp_path, partners="id,name\nC1,x\n", relations=VALID_RELATIONS)
    only(problems_of(folder), "partners.csv", None, "kind", "required column is missing")


def test_missing_table(tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS)
    only(problems_of(folder), "relations.csv", None, None, "relations table is missing")


def test_empty_id(tmp_path):
    folder = write_csvs(
        tmp_path, partners=VALID_PARTNERS + ",resident,居民,C1,G1\n", relations=VALID_RELATIONS
    )
    only(problems_of(folder), "partners.csv", 5, "id", "value is empty")


def test_whitespace_only_value_is_empty(tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS + "R1,  ,居民,C1,G1\n", relations=VALID_RELATIONS)
    only(problems_of(folder), "partners.csv", 5, "kind", "value is empty")


def test_duplicate_id_within_a_table(tmp_path):
    folder = write_csvs(
        tmp_path, partners=VALID_PARTNERS + "B1,building,又一楼,C1,G1\n", relations=VALID_RELATIONS
    )
    problems = problems_of(folder)
    only(problems, "partners.csv", 4, "id", r"'B1' is used more than once")
    only(problems, "partners.csv", 5, "id", r"partners.csv row 4; partners.csv row 5")


def test_duplicate_id_across_tables(tmp_path):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS + "R1,resident,居民,C1,G1\n",
        relations=VALID_RELATIONS,
        needs="id,requester,category\nB1,R1,repair\n",
    )
    problems = problems_of(folder)
    only(problems, "needs.csv", 2, "id", r"'B1' is used more than once .*needs.csv row 2")
    only(problems, "partners.csv", 4, "id", r"'B1' is used more than once")


def test_unknown_kind(tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS + "X1,shop,店,C1,G1\n", relations=VALID_RELATIONS)
    only(problems_of(folder), "partners.csv", 5, "kind", "unknown partner kind 'shop'")


def test_unknown_relation(tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=VALID_RELATIONS + "B1,C1,owns\n")
    only(problems_of(folder), "relations.csv", 4, "relation", "unknown relation 'owns'")


@pytest.mark.parametrize("column", ["source", "target"])
def test_dangling_endpoint(tmp_path, column):
    line = "GHOST,C1,part_of\n" if column == "source" else "B1,GHOST,part_of\n"
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=VALID_RELATIONS + line)
    only(problems_of(folder), "relations.csv", 4, column, "'GHOST' is not the id of a partner")


def test_self_loop(tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=VALID_RELATIONS + "G1,G1,part_of\n")
    only(problems_of(folder), "relations.csv", 4, "target", "joins 'G1' to itself")


def test_relation_not_allowed_between_kinds(tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=VALID_RELATIONS + "C1,B1,resides_in\n")
    only(
        problems_of(folder),
        "relations.csv",
        4,
        "relation",
        "'resides_in' is not allowed from a 'community' to a 'building'",
    )


def test_undirected_relation_allowed_either_way(tmp_path):
    partners = VALID_PARTNERS + "PC,party_committee,党委,C1,\nM1,merchant,商户,C1,G1\n"
    relations = VALID_RELATIONS + "PC,M1,partners_with\nM1,PC,partners_with\n"
    net = gg.read(write_csvs(tmp_path, partners=partners, relations=relations))
    assert (net.relations["relation"] == "partners_with").sum() == 2


@pytest.mark.parametrize(
    ("value", "pattern"), [("heavy", "'heavy' is not a number"), ("-2", "below 0"), ("", "value is empty")]
)
def test_bad_weight(tmp_path, value, pattern):
    relations = f"source,target,relation,weight\nG1,C1,part_of,1\nB1,G1,part_of,{value}\n"
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=relations)
    only(problems_of(folder), "relations.csv", 3, "weight", pattern)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("0", "below 1"),
        ("6", "above 5"),
        ("2.5", "not a whole number"),
        ("soon", "'soon' is not an urgency; write 1 to 5"),
    ],
)
def test_bad_urgency(tmp_path, value, pattern):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS + "R1,resident,居民,C1,G1\n",
        relations=VALID_RELATIONS,
        needs=f"id,requester,category,urgency\nN1,R1,repair,{value}\n",
    )
    only(problems_of(folder), "needs.csv", 2, "urgency", pattern)


@pytest.mark.parametrize(
    ("value", "pattern"), [("-1", "below 0"), ("many", "not a whole number"), ("", "empty")]
)
def test_bad_capacity(tmp_path, value, pattern):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS,
        relations=VALID_RELATIONS,
        resources=f"id,provider,category,capacity\nS1,B1,repair,{value}\n",
    )
    only(problems_of(folder), "resources.csv", 2, "capacity", pattern)


def test_capacity_column_is_required(tmp_path):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS,
        relations=VALID_RELATIONS,
        resources="id,provider,category\nS1,B1,x\n",
    )
    only(problems_of(folder), "resources.csv", None, "capacity", "required column is missing")


@pytest.mark.parametrize(("value", "pattern"), [("-5", "below 0"), ("12.5", "not a whole number")])
def test_bad_households(tmp_path, value, pattern):
    partners = f"id,kind,name,community,grid,households\nC1,community,社区,C1,,\nG1,grid,网格,C1,,\nB1,building,楼,C1,G1,{value}\n"
    folder = write_csvs(tmp_path, partners=partners, relations=VALID_RELATIONS)
    only(problems_of(folder), "partners.csv", 4, "households", pattern)


def test_dangling_requester_and_provider(tmp_path):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS,
        relations=VALID_RELATIONS,
        needs="id,requester,category\nN1,NOBODY,repair\n",
        resources="id,provider,category,capacity\nS1,NOBODY,repair,1\n",
    )
    problems = problems_of(folder)
    only(problems, "needs.csv", 2, "requester", "'NOBODY' is not the id of a partner")
    only(problems, "resources.csv", 2, "provider", "'NOBODY' is not the id of a partner")


@pytest.mark.parametrize("column", ["grid", "community"])
def test_grid_and_community_must_name_such_partners(tmp_path, column):
    line = "R1,resident,居民,C1,G9\n" if column == "grid" else "R1,resident,居民,C9,G1\n"
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS + line, relations=VALID_RELATIONS)
    value = "G9" if column == "grid" else "C9"
    only(
        problems_of(folder),
        "partners.csv",
        5,
        column,
        f"'{value}' is not the id of a partner of kind '{column}'",
    )


def test_duplicate_and_unnamed_columns(tmp_path):
    partners = "id,kind,name,name,\nC1,community,社区,又名,x\n"
    folder = write_csvs(tmp_path, partners=partners, relations="source,target,relation\n")
    problems = problems_of(folder)
    only(problems, "partners.csv", 1, "name", "more than once")
    assert any(p.row == 1 and "no name" in p.message for p in problems), problems


def test_ragged_rows_are_reported_not_dropped(tmp_path):
    partners = VALID_PARTNERS + "R1,resident,居民,C1,G1,extra,fields\nR2,resident\n"
    problems = problems_of(write_csvs(tmp_path, partners=partners, relations=VALID_RELATIONS))
    ragged = [p for p in problems if "fields, the header has 5" in p.message]
    assert [p.message for p in ragged] == [
        "row has 7 fields, the header has 5",
        "row has 2 fields, the header has 5",
    ]
    assert [p.row for p in ragged] == [5, 6]
    assert all(p.source == "partners.csv" for p in ragged)


def test_every_problem_is_reported_at_once(tmp_path):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS + "X1,shop,店,C1,G1\nB1,building,楼,C1,G1\n",
        relations=VALID_RELATIONS + "B1,GHOST,part_of\nC1,B1,resides_in\nG1,C1,owns\n",
        needs="id,requester,category,urgency\nN1,B1,repair,9\n",
    )
    problems = problems_of(folder)
    assert len(problems) >= 7
    assert {p.source for p in problems} == {"partners.csv", "relations.csv", "needs.csv"}
    message = str(gg.DataError(problems))
    for problem in problems:
        assert str(problem) in message


def test_long_problem_lists_are_summarised_but_kept():
    problems = [gg.Problem("partners.csv", row, "kind", "unknown") for row in range(2, 202)]
    error = gg.DataError(problems)
    assert len(error.problems) == 200
    assert "and 150 more" in str(error)


def test_frames_are_validated_too():
    import pandas as pd

    with pytest.raises(
        gg.DataError, match=r"partners frame, row 3, column 'kind': unknown partner kind 'shop'"
    ):
        gg.PartnerNetwork.from_frames(
            pd.DataFrame({"id": ["A", "B"], "kind": ["community", "shop"]}),
            pd.DataFrame({"source": [], "target": [], "relation": []}),
        )


def test_mixed_types_in_a_frame_column():
    import pandas as pd

    with pytest.raises(
        gg.DataError,
        match=r"partners frame, column .score.: column mixes int and str values \(str in row 3\)",
    ):
        gg.PartnerNetwork.from_frames(
            pd.DataFrame({"id": ["A", "B"], "kind": ["community"] * 2, "score": [1, "high"]}),
            pd.DataFrame({"source": [], "target": [], "relation": []}),
        )


def test_wrong_type_of_table():
    with pytest.raises(gg.GovGraphError, match="relations: expected a pandas DataFrame, got list"):
        gg.PartnerNetwork.from_frames(pytest.importorskip("pandas").DataFrame({"id": [], "kind": []}), [])


def test_whole_numbers_too_large_to_be_exact_are_refused(tmp_path):
    partners = "id,kind,households\nC1,community,\nB1,building,123456789012345678901\n"
    folder = write_csvs(tmp_path, partners=partners, relations="source,target,relation\n")
    only(problems_of(folder), "partners.csv", 3, "households", "larger than 9,007,199,254,740,992")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400"])
def test_weights_must_be_finite_numbers(tmp_path, value):
    relations = f"source,target,relation,weight\nG1,C1,part_of,{value}\n"
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=relations)
    problems = problems_of(folder)
    assert [(p.row, p.column) for p in problems] == [(2, "weight")], problems


def test_wrong_argument_types():
    import pandas as pd

    with pytest.raises(gg.GovGraphError, match="path: expected a file or folder path, got int"):
        gg.read(123)
    with pytest.raises(gg.SchemaError, match="schema: expected a govgraph Schema, got str"):
        gg.PartnerNetwork.from_frames(pd.DataFrame({"id": [], "kind": []}), pd.DataFrame(), schema="default")


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("R1\u200b", r"'R1\\u200b' holds an invisible character \(U\+200B ZERO WIDTH SPACE\) at position 3"),
        ("R\u202e1", r".*U\+202E RIGHT-TO-LEFT OVERRIDE\) at position 2"),
        ("R1\x07", r".*U\+0007 a control character\)"),
        ("R1 ", r"'R1 ' begins or ends with a space"),
    ],
)
def test_ids_that_only_look_alike_are_refused(identifier, message):
    import pandas as pd

    partners = pd.DataFrame({"id": ["C1", identifier], "kind": ["community", "resident"]})
    relations = pd.DataFrame({"source": [], "target": [], "relation": []})
    with pytest.raises(gg.DataError, match=r"partners frame, row 3, column 'id': " + message):
        gg.PartnerNetwork.from_frames(partners, relations)


def test_a_loop_of_nesting_is_named_relation_by_relation():
    import pandas as pd

    partners = pd.DataFrame(
        {"id": ["C", "G1", "G2", "G3", "B"], "kind": ["community", "grid", "grid", "grid", "building"]}
    )
    relations = pd.DataFrame(
        {
            "source": ["G1", "G2", "G3", "B", "G1"],
            "target": ["G2", "G3", "G1", "G1", "C"],
            "relation": ["part_of"] * 5,
        }
    )
    with pytest.raises(gg.DataError) as raised:
        gg.PartnerNetwork.from_frames(partners, relations)
    assert [(p.row, p.message) for p in raised.value.problems] == [
        (2, "'G1' part_of 'G2' closes a loop: a place cannot lie inside itself"),
        (3, "'G2' part_of 'G3' closes a loop: a place cannot lie inside itself"),
        (4, "'G3' part_of 'G1' closes a loop: a place cannot lie inside itself"),
    ]
    # A grid's grid column says where it lies too.
    partners["grid"] = [None, "G2", "G1", None, None]
    no_relations = relations.iloc[:0]
    with pytest.raises(gg.DataError) as raised:
        gg.PartnerNetwork.from_frames(partners, no_relations)
    assert [(p.source, p.row, p.column) for p in raised.value.problems] == [
        ("partners frame", 3, "grid"),
        ("partners frame", 4, "grid"),
    ]


def test_column_names_govgraph_keeps_for_itself_are_refused():
    import pandas as pd

    partners = pd.DataFrame({"id": ["C1"], "kind": ["community"], "_govgraph_saved": ["x"]})
    with pytest.raises(
        gg.DataError, match=r"column '_govgraph_saved': names starting with _govgraph are govgraph's own"
    ):
        gg.PartnerNetwork.from_frames(partners, pd.DataFrame({"source": [], "target": [], "relation": []}))


def test_a_huge_value_is_quoted_short():
    tables = small_tables()
    huge = "维" * 100_000
    tables["needs"]["category"] = huge
    tables["relations"].loc[0, "target"] = "X" * 100_000
    with pytest.raises(gg.DataError) as error:
        gg.PartnerNetwork.from_frames(**tables)
    problems = error.value.problems
    assert {p.column for p in problems} == {"category", "target"}
    for problem in problems:
        assert len(problem.message) < 1_000 and len(problem.zh) < 1_000, problem
        assert "…" in problem.message and "…" in problem.zh
