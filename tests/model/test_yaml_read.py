"""The YAML reader the extractors use: libyaml's speed, PyYAML's own data and errors."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from planwatch.model import yaml_read


def _shipped() -> list[str]:
    data = resources.files("planwatch").joinpath("data")
    return sorted(
        f"{folder.name}/{file.name}"
        for folder in data.iterdir()
        if folder.is_dir()
        for file in folder.iterdir()
        if file.name.endswith(".yaml")
    )


def _text(name: str) -> str:
    return resources.files("planwatch").joinpath("data", *name.split("/")).read_text(encoding="utf-8")


def _tree(node: yaml.Node | None) -> object:
    """A node tree as plain values with each node's tag and line, to compare two parsers' trees."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.start_mark.line, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, node.start_mark.line, [_tree(item) for item in node.value])
    assert isinstance(node, yaml.MappingNode)
    return (node.tag, node.start_mark.line, [(_tree(k), _tree(v)) for k, v in node.value])


def test_there_is_shipped_yaml_to_compare() -> None:
    assert "departments/dalian.yaml" in _shipped()
    assert "tasks/verbs.yaml" in _shipped()


@pytest.mark.parametrize("name", _shipped())
def test_shipped_files_read_exactly_as_the_python_parser_reads_them(name: str) -> None:
    text = _text(name)
    assert yaml_read.safe_load(text) == yaml.safe_load(text)
    assert _tree(yaml_read.compose(text)) == _tree(yaml.compose(text, Loader=yaml.SafeLoader))


@pytest.mark.parametrize(
    "text",
    [
        "entries:\n  - term: [unclosed\n",
        "a: 1\n b: 2\n",
        'name: "no end\n',
        "- a\nb: c\n",
    ],
)
def test_a_broken_file_raises_the_python_parsers_own_error(text: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as expected:
        yaml.compose(text, Loader=yaml.SafeLoader)
    for read in (yaml_read.compose, yaml_read.safe_load):
        with pytest.raises(yaml.MarkedYAMLError) as got:
            read(text)
        assert str(got.value) == str(expected.value)
