"""Reading one ledger sheet: its role, its header row, what each column means, and its records."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from govgraph.io.ledger.records import Log, Record, cell_text
from govgraph.io.ledger.words import (
    ACTIVITIES,
    FIELD_LABELS,
    NEEDS,
    PARTNERS,
    PROJECTS,
    RESOURCES,
    SKIP,
    TABLE_ROLES,
    TITLE_WORDS,
    LedgerWords,
)
from govgraph.io.workbooks import Sheet, column_letter
from govgraph.model.schema import LEVELS, Schema

__all__ = ["SheetReader", "community_in"]

#: How many rows from the top a header may lie.
HEADER_SEARCH_ROWS = 12
#: A row whose first filled cell starts with one of these is a total, not a record.
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
#: A row whose filled cells start with these is a signature line below the table.
SIGNATURE_WORDS = (
    "填表人",
    "制表人",
    "审核人",
    "负责人签字",
    "填报人",
    "填表日期",
    "制表日期",
    "备注:",
    "说明:",
)
#: A sheet named for one grid and a role: 第一网格居民, 2网格楼栋.
_GRID_PREFIX = re.compile(r"^(第?[0-9一二三四五六七八九十两]+号?(?:微网格|网格))(.+)$")
#: The "header" of a field a sheet's name gives its rows.
SHEET_NAME_HEADER = "（表名）"
#: Fields of free text: only spaces at either end are removed (the rest is kept as written).
_FREE_TEXT = {"description", "services", "address", "type"}


class SheetReader:
    """One sheet: its role, its header row, what each column means, and its records."""

    def __init__(self, sheet: Sheet, words: LedgerWords, log: Log, schema: Schema):
        self.sheet, self.words, self.log, self.schema = sheet, words, log, schema
        self.name = sheet.name
        self.sheet_grid: str | None = None  # a grid the sheet's name gives its rows (第一网格居民)

    def records(self) -> list[Record]:
        cells = self._filled(self.sheet)
        if not any(any(v is not None for v in row) for row in cells):
            self.log.add(self.name, None, None, "sheet", "空白工作表，已跳过", "empty sheet, skipped")
            return []
        role = self._role_from_name()
        header = self._header_row(cells, role)
        titles = [cell_text(v) for row in cells[: header or 0] for v in row if cell_text(v)]
        if role is None:
            role = self._role_from_titles(titles)
        if role is None or role == SKIP:
            if role is None:
                self.log.add(
                    self.name,
                    None,
                    None,
                    "sheet",
                    "无法识别这个工作表的用途，已跳过；请把表名改为“网格员”“居民诉求”等，"
                    "或在映射文件 [sheets] 中说明",
                    "sheet not recognised, skipped: name it like 网格员 or 居民诉求, "
                    "or add it to the mapping's [sheets]",
                )
            else:
                self.log.add(self.name, None, None, "sheet", "说明或选项表，已跳过", "instructions, skipped")
            return []
        if header is None:
            self.log.add(
                self.name,
                None,
                None,
                "problem",
                "找不到表头行（应有“姓名”“名称”“所属网格”等列名）；已跳过",
                "no header row found (columns such as 姓名, 名称, 所属网格); sheet skipped",
            )
            return []
        self.log.add(self.name, None, None, "sheet", f"识别为：{self._role_label(role)}", f"read as: {role}")
        if header > 0:
            rows = "第 1 行" if header == 1 else f"第 1–{header} 行"
            self.log.add(
                self.name,
                1,
                None,
                "title",
                f"{rows}是标题，表头（列名）在第 {header + 1} 行：{'；'.join(titles)[:80]}",
                f"row{'s 1-' + str(header) if header > 1 else ' 1'}: a title; the header is row {header + 1}",
            )
        community_hint = community_in(titles)
        columns = self._columns(cells[header], role, header + 1)
        return list(self._rows(cells, header, role, columns, community_hint))

    # -- the sheet's role and header ---------------------------------------------

    def _role_from_name(self) -> str | None:
        role = self.words.role_of(self.name, self.schema.kind_words)
        qualified = _GRID_PREFIX.match(unicodedata.normalize("NFKC", self.name).strip())
        if qualified and role in self.schema.kinds_at("grid"):
            rest = self.words.role_of(qualified.group(2), self.schema.kind_words)
            if rest is not None and rest not in self.schema.kinds_at("grid") and rest != SKIP:
                role, self.sheet_grid = rest, qualified.group(1)
                self.log.add(
                    self.name,
                    None,
                    None,
                    "sheet",
                    f"表名中的“{self.sheet_grid}”作为各行的所属网格（行中已填的除外）",
                    f"the sheet's name gives its rows the grid {self.sheet_grid!r} (unless a row says)",
                )
        if role is None or role in TABLE_ROLES:
            return role
        return self._kind(role)

    def _kind(self, role: str) -> str | None:
        kind = self.schema.kind_words.resolve(role) or (role if role in self.schema.kinds else None)
        if kind is None:
            self.log.add(
                self.name,
                None,
                None,
                "problem",
                f"映射中的“{role}”不是合伙人类型",
                f"{role!r} is not a partner kind",
            )
        return kind

    def _role_from_titles(self, titles: list[str]) -> str | None:
        for title in titles:
            text = re.sub(r"^.*?社区", "", title)
            for word in TITLE_WORDS:
                text = text.replace(word, "")
            role = self.words.role_of(text, self.schema.kind_words) or self.words.role_of(
                title, self.schema.kind_words
            )
            if role is not None:
                self.log.add(
                    self.name,
                    None,
                    None,
                    "sheet",
                    f"按标题“{title}”识别",
                    f"recognised by its title {title!r}",
                )
                return role if role in TABLE_ROLES else self._kind(role)
        return None

    def _role_label(self, role: str) -> str:
        if role == NEEDS:
            return "居民诉求 needs"
        if role == RESOURCES:
            return "资源清单 resources"
        if role == ACTIVITIES:
            return "活动台账 activities"
        if role == PROJECTS:
            return "项目清单 projects"
        if role == PARTNERS:
            return "合伙人（类型按“类型”列） partners of the kind each row names"
        return self.schema.kinds[role].label

    def _header_row(self, cells: list[list[object]], role: str | None) -> int | None:
        best, best_score = None, 0
        for position, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
            texts = [v for v in row if isinstance(v, str)]
            score = sum(self._known_header(v, role) for v in texts)
            if score > best_score:
                best, best_score = position, score
        return best

    def _known_header(self, text: str, role: str | None) -> bool:
        roles = [self._header_role(role)] if role else [NEEDS, RESOURCES, ACTIVITIES, PROJECTS, *LEVELS]
        return any(self.words.field_of(text, r, self.name) is not None for r in roles)

    def _header_role(self, role: str) -> str:
        """Whose headers a sheet of this role reads: needs, resources, partners, a place level, or a grid's
        party organisation (the kind role ``grid_party``)."""
        if role in TABLE_ROLES:
            return role
        level = self.schema.level_of(role)
        if level is not None:
            return level
        return "grid_party" if role in self.schema.kinds_with("grid_party") else role

    def _columns(self, header: list[object], role: str, row: int) -> list[tuple[int, str, str | None]]:
        """(position, header text, field or None for an attribute) of each named column."""
        columns = []
        taken: dict[str, str] = {}
        for position, cell in enumerate(header):
            text = cell_text(cell)
            if not text:
                continue
            name = re.sub(r"\s+", "", text)
            found = self.words.field_of(text, self._header_role(role), self.name)
            if found in taken:
                self.log.add(
                    self.name,
                    row,
                    name,
                    "column",
                    f"与“{taken[found]}”同义，保留为附加属性“{name}”",
                    f"means the same as {taken[found]!r}: kept as attribute {name!r}",
                )
                found = None
            elif found == SKIP:
                self.log.add(
                    self.name, row, name, "column", "按映射忽略这一列", "left out, as the mapping says"
                )
            elif found == "row_number":
                self.log.add(
                    self.name,
                    row,
                    name,
                    "column",
                    "序号列，不作编号使用",
                    "a row number, not an id: left out",
                )
            elif found is not None:
                taken[found] = name
                self.log.add(
                    self.name, row, name, "column", f"作为：{FIELD_LABELS[found]}", f"read as: {found}"
                )
            else:
                self.log.add(
                    self.name, row, name, "column", f"保留为附加属性“{name}”", f"kept as attribute {name!r}"
                )
            columns.append((position, name, found))
        return columns

    # -- records -----------------------------------------------------------------

    def _rows(
        self,
        cells: list[list[object]],
        header: int,
        role: str,
        columns: list[tuple[int, str, str | None]],
        community_hint: str | None,
    ) -> Iterator[Record]:
        header_texts = [cell_text(v) for v in cells[header]]
        for position in range(header + 1, len(cells)):
            row = position + 1
            values = cells[position]
            texts = [cell_text(v) for v in values]
            filled = [t for t in texts if t]
            meaningful = [
                cell_text(values[p])
                for p, _, f in columns
                if p < len(values) and f not in ("row_number", SKIP)
            ]
            if not filled:
                continue
            if not any(meaningful):
                self.log.add(
                    self.name,
                    row,
                    None,
                    "skip_row",
                    "只有序号、没有内容的行，已跳过",
                    "a row with only a row number: skipped",
                )
                continue
            if filled[0].replace(" ", "").startswith(TOTAL_WORDS):
                self.log.add(
                    self.name,
                    row,
                    None,
                    "skip_row",
                    f"合计行，已跳过：{filled[0]}",
                    "a total row: skipped",
                    filled[0],
                )
                continue
            if all(t.replace(" ", "").startswith(SIGNATURE_WORDS) for t in filled) or re.match(
                r"^(填表人|制表人|审核人|填报人)", filled[0].replace(" ", "")
            ):
                self.log.add(
                    self.name,
                    row,
                    None,
                    "skip_row",
                    "签名或备注行，已跳过",
                    "a signature or note line: skipped",
                    filled[0],
                )
                continue
            if texts[: len(header_texts)] == header_texts:
                self.log.add(
                    self.name, row, None, "skip_row", "重复的表头行，已跳过", "a repeated header: skipped"
                )
                continue
            record = Record(role, self.name, row, {}, {}, community_hint)
            if self.sheet_grid is not None:
                record.fields["grid"] = (self.sheet_grid, SHEET_NAME_HEADER)
            for position_in_row, name, found in columns:
                value = values[position_in_row] if position_in_row < len(values) else None
                value = self._normalised(value, row, name, found)
                if value is None or found in ("row_number", SKIP):
                    continue
                if found is None:
                    record.attributes[name] = value
                else:
                    record.fields[found] = (value, name)
            for position_in_row, value in enumerate(values):
                if value is not None and position_in_row not in {p for p, _, _ in columns}:
                    self.log.add(
                        self.name,
                        row,
                        column_letter(position_in_row),
                        "problem",
                        "这一格有内容但所在列没有列名，未导入；请补上列名",
                        "a value in a column without a header was not read: give the column a name",
                        value,
                    )
            yield record

    def _normalised(self, value: object, row: int, column: str, found: str | None) -> object:
        if isinstance(value, str):
            keyed = found is not None and found not in _FREE_TEXT
            text = (unicodedata.normalize("NFKC", value) if keyed else value).strip()
            if text != value:
                self.log.add(
                    self.name,
                    row,
                    column,
                    "normalise",
                    "全角字符或首尾空格已规范" if keyed else "首尾空格已去除",
                    "full-width characters or spaces normalised" if keyed else "spaces at the ends removed",
                    value,
                    text,
                )
            return text or None
        if (
            found in ("phone", "id", "name")
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            text = str(int(value)) if float(value).is_integer() else str(value)
            self.log.add(
                self.name, row, column, "normalise", "数字按文字保存", "a number kept as text", value, text
            )
            return text
        return value

    def _filled(self, sheet: Sheet) -> list[list[object]]:
        """The cells, each vertically merged range giving its value to every row it spans."""
        cells = [list(row) for row in sheet.cells]
        for first_row, first_column, last_row, last_column in sheet.merged:
            if last_row == first_row or first_row >= len(cells):
                continue
            value = cells[first_row][first_column] if first_column < len(cells[first_row]) else None
            if value is None:
                continue
            for r in range(first_row + 1, min(last_row, len(cells) - 1) + 1):
                for c in range(first_column, last_column + 1):
                    while len(cells[r]) <= c:
                        cells[r].append(None)
                    cells[r][c] = value
            self.log.add(
                self.name,
                first_row + 1,
                column_letter(first_column),
                "merge",
                f"合并单元格：第 {first_row + 1}–{last_row + 1} 行都取“{cell_text(value)}”",
                f"merged cells: rows {first_row + 1}-{last_row + 1} each take {cell_text(value)!r}",
                value,
            )
        return cells


def community_in(titles: list[str]) -> str | None:
    for title in titles:
        found = re.search(r"([\u4e00-\u9fff\w]{2,20}?社区)", title)
        if found:
            name = re.sub(r"^.*?(街道|地区|乡|镇)", "", found.group(1))
            return name if len(name) > 2 else found.group(1)
    return None
