"""Rich text that animators and referents format with a toolbar, never by typing markup.

Everything that reaches the database or a page goes through `sanitize()`: an allow-list of
simple formatting (nh3), so that scripts, styles, event handlers and foreign tags never
survive. Text posted without any tag (a browser without JavaScript, an import) becomes
paragraphs and line breaks, its addresses made links: nothing typed is lost.

    class NewsItem(models.Model):
        body = RichTextField("texte")          # sanitised on every save, toolbar in forms

    {% load richtext %}{{ item.body|rich_text }}   # the one place that marks HTML safe
"""

import html
import re

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.widgets import Script
from django.urls import reverse_lazy
from django.utils.formats import number_format
from django.utils.html import linebreaks, urlize

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# True with the toolbar and without it (a plain textarea): say it once, under every field.
HELP_TEXT = (
    "Une ligne vide sépare deux paragraphes ; les adresses web et e-mail deviennent des liens."
)

# Tags pasted from word processors and web pages, renamed to what they mean here before the
# allow-list runs (the browser editor does the same): headings of any level become our two.
_RENAMED = {
    "b": "strong",
    "i": "em",
    "h1": "h3",
    "h2": "h3",
    "h5": "h4",
    "h6": "h4",
    "div": "p",
}
_RENAMED_TAG = re.compile(r"<(/?)(b|i|h[1256]|div)(?=[\s/>])", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<!--")
_BLOCK_TAG = re.compile(r"<(?:p|br|div|ul|ol|li|blockquote|h[1-6])\b", re.IGNORECASE)
_TRAILING_BREAKS = re.compile(r"(?:<br>\s*)+(</(?:p|li|h3|h4|blockquote)>)")
_EMPTY_BLOCK = re.compile(r"<(p|li|h3|h4)>(?:\s|&nbsp;|\xa0|<br>)*</\1>")
_LINK_WITHOUT_HREF = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.DOTALL)


def sanitize(value: str | None) -> str:
    """Clean HTML from any source; text without a tag becomes paragraphs with links."""
    value = (value or "").replace("\u200b", "").strip()  # zero-width spaces left by editors
    if not value:
        return ""
    if not _ANY_TAG.search(value):
        value = _paragraphs(value)
    elif not _BLOCK_TAG.search(value):
        # A few inline tags in typed text: its blank lines still make the paragraphs.
        value = linebreaks(value, autoescape=False)
    value = _RENAMED_TAG.sub(lambda m: f"<{m[1]}{_RENAMED[m[2].lower()]}", value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    cleaned = _TRAILING_BREAKS.sub(r"\1", _LINK_WITHOUT_HREF.sub(r"\1", cleaned))
    cleaned = _EMPTY_BLOCK.sub("", cleaned).strip()
    return cleaned if visible_text(cleaned) else ""


def visible_text(value: str) -> str:
    """The text a reader sees, without tags, white space folded (for lengths and emptiness)."""
    text = html.unescape(nh3.clean(value or "", tags=set()))
    return " ".join(text.split())


def _paragraphs(text: str) -> str:
    """Plain text as HTML: blank lines make paragraphs, newlines breaks, addresses links."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return linebreaks(urlize(text, autoescape=True), autoescape=False)


class RichTextarea(forms.Textarea):
    """A textarea that the browser turns into the formatting toolbar (static/js/richtext.js);
    without JavaScript it stays a textarea, and its paragraphs and links are kept."""

    class Media:
        css = {"all": ["css/richtext.css"]}
        js = [
            Script("vendor/dompurify/purify.min.js", defer=True),
            Script("vendor/squire/squire.js", defer=True),
            Script("js/richtext.js", defer=True),
        ]

    def __init__(self, attrs=None):
        defaults = {
            "rows": 10,
            "data-richtext": True,
            "data-preview-url": reverse_lazy("core:richtext_preview"),
        }
        super().__init__({**defaults, **(attrs or {})})


class RichTextFormField(forms.CharField):
    """Cleans what is posted; `max_length` counts the characters a reader sees, not markup."""

    widget = RichTextarea

    def __init__(self, *, max_length=None, **kwargs):
        self.text_max_length = max_length
        kwargs["help_text"] = kwargs.get("help_text") or HELP_TEXT
        super().__init__(**kwargs)

    def to_python(self, value):
        return sanitize(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        length = len(visible_text(value))
        if self.text_max_length and length > self.text_max_length:
            raise ValidationError(
                "Ce texte compte %(length)s caractères : %(limit)s au plus sont permis.",
                code="max_length",
                params={
                    "length": number_format(length, force_grouping=True),
                    "limit": number_format(self.text_max_length, force_grouping=True),
                },
            )


class RichTextField(models.TextField):
    """Formatted text, stored as clean HTML whatever the path (form, service, admin, import)."""

    description = "Texte mis en forme (HTML nettoyé)"

    def pre_save(self, model_instance, add):
        value = sanitize(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": RichTextFormField, "widget": RichTextarea, **kwargs}
        )


# --- text typed before the toolbar: Markdown that showed literally ---------------------------

_LIST_ITEM = re.compile(r"^\s*(?:([-*+])|(\d{1,3})[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^)\s]+)\)")
_MD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


def from_markdown(text: str) -> str:
    """HTML from the Markdown people typed where HTML was expected (**gras**, *italique*,
    # titres, - listes, 1. listes, > citations, [liens](https://…)); plain lines stay lines."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip()):
        blocks.extend(_markdown_block(chunk.split("\n")))
    return "".join(blocks)


def _markdown_block(lines: list[str]) -> list[str]:
    html_blocks, paragraph, items, list_tag = [], [], [], ""

    def flush():
        nonlocal paragraph, items, list_tag
        if paragraph:
            html_blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
        if items:
            html_blocks.append(f"<{list_tag}>" + "".join(items) + f"</{list_tag}>")
        paragraph, items, list_tag = [], [], ""

    for line in lines:
        heading = _HEADING.match(line)
        item = _LIST_ITEM.match(line)
        if heading:
            flush()
            level = "h3" if len(heading[1]) <= 2 else "h4"
            html_blocks.append(f"<{level}>{_markdown_inline(heading[2])}</{level}>")
        elif item:
            tag = "ul" if item[1] else "ol"
            if paragraph or (items and tag != list_tag):
                flush()
            list_tag = tag
            items.append(f"<li>{_markdown_inline(item[3])}</li>")
        elif line.lstrip().startswith(">"):
            flush()
            quoted = _markdown_inline(line.lstrip()[1:].strip())
            html_blocks.append(f"<blockquote><p>{quoted}</p></blockquote>")
        elif line.strip():
            if items:
                flush()
            paragraph.append(_markdown_inline(line.strip()))
    flush()
    return html_blocks


def _markdown_inline(text: str) -> str:
    parts, position = [], 0
    for link in _MD_LINK.finditer(text):
        parts.append(_emphasis(urlize(text[position : link.start()], autoescape=True)))
        parts.append(f'<a href="{html.escape(link[2])}">{_emphasis(html.escape(link[1]))}</a>')
        position = link.end()
    parts.append(_emphasis(urlize(text[position:], autoescape=True)))
    return "".join(parts)


def _emphasis(escaped: str) -> str:
    return _MD_EM.sub(r"<em>\1</em>", _MD_STRONG.sub(r"<strong>\1</strong>", escaped))


def legacy_to_html(value: str) -> str:
    """A text stored before the toolbar, as clean HTML: HTML is sanitised again, text without
    a tag is read as the Markdown it often was (for the data migrations)."""
    value = value or ""
    return sanitize(value if _ANY_TAG.search(value) else from_markdown(value))


def migrate_rich_texts(model, *fields: str) -> None:
    """Rewrite the stored texts of `model` (from `apps.get_model`) as clean HTML, in batches."""
    changed = []
    for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
        new = {name: legacy_to_html(getattr(row, name)) for name in fields}
        if any(getattr(row, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(row, name, value)
            changed.append(row)
    model.objects.bulk_update(changed, fields, batch_size=500)
