"""Editor mode of ``briefing serve``, in Chromium: select a passage, fill the form,
the annotation file gains exactly that note and the page shows it; edit and
delete from a note's aside; a selection across paragraphs, a forged request and
a conflict are refused with nothing written; the editor is a usable dialog that
passes vnu and axe, and is absent without JavaScript and from ``briefing build``."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, build_site, copy_site, read_tree
from tests.serve_process import ServeProcess
from tests.tools import CHROMIUM_ARGS, chromium, serious_violations, vnu_errors

NOTES = "content/annotations/summit.yml"
PAGE = "/repo/articles/summit/"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeProcess]:
    process = ServeProcess(copy_site("annotated", tmp_path), tmp_path)
    try:
        process.wait_ready(PAGE)
        first = process.get(PAGE)  # an error page once failed a test here: say why
        assert first.status == 200, f"{first.body[:3000]}\n{process.stdout}\n{process.stderr}"
        yield process
    finally:
        process.stop()


def open_article(browser, server: ServeProcess, **options):
    page = browser.new_page(**options)
    page.goto(f"http://127.0.0.1:{server.port}{PAGE}")
    page.wait_for_function("window.LiveReload && window.LiveReload.connector"
                           " && window.LiveReload.connector.protocol > 0", timeout=10000)
    page.wait_for_selector(".briefing-editor-add")
    return page


SELECT = """([paragraphStart, words]) => {
    // Select `words` in the first paragraph starting with `paragraphStart`, by its text nodes.
    const paragraph = [...document.querySelectorAll('.article-body p')].filter(p => !p.closest('aside, .annotation-group'))
        .find(p => p.textContent.startsWith(paragraphStart));
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(words);
        if (at !== -1) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return true;
        }
    }
    return false;
}"""


def select(page, paragraph_start: str, words: str) -> None:
    assert page.evaluate(SELECT, [paragraph_start, words])
    page.wait_for_timeout(50)  # selectionchange is dispatched asynchronously


def reloaded_with(page, selector: str) -> None:
    page.wait_for_selector(selector, timeout=15000)


def noted(page, paragraph_start: str, words: str, body: str, shown: str) -> None:
    """Select ``words``, write a note of ``body`` on them, save, and wait until the
    reloaded page shows ``shown`` (the note's selector)."""
    select(page, paragraph_start, words)
    page.click(".briefing-editor-add")
    page.fill("#briefing-editor-body", body)
    page.click(".briefing-editor-save")
    reloaded_with(page, shown)


def test_select_fill_save_the_file_gains_exactly_the_note_and_the_page_shows_it(
        browser, server):
    path = server.site / NOTES
    before = path.read_text()
    page = open_article(browser, server)
    select(page, "Use code spans", "said the editor")
    page.click(".briefing-editor-add")
    dialog = page.locator("dialog.briefing-editor-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "briefing-editor-kind"
    assert "“said the editor”" in dialog.inner_text()
    page.select_option("#briefing-editor-kind", "context")
    assert not page.is_visible("#briefing-editor-rating")  # context notes have no rating
    page.fill("#briefing-editor-title", "Which editor?")
    page.fill("#briefing-editor-body", "The wire does not say.\n\nAsk the *desk*.")
    page.fill("#briefing-editor-sources", "Style guide https://example.org/style\nA phone call")
    page.fill("#briefing-editor-author", "Night desk")
    page.fill("#briefing-editor-date", "2025-08-12")
    page.click(".briefing-editor-save")
    reloaded_with(page, "#annotation-which-editor")
    assert path.read_text() == before + (
        "  - id: which-editor\n"
        "    quote: said the editor\n"
        "    kind: context\n"
        "    title: Which editor?\n"
        "    body: |\n"
        "      The wire does not say.\n"
        "\n"
        "      Ask the *desk*.\n"
        "    sources:\n"
        "      - title: Style guide\n"
        "        url: https://example.org/style\n"
        "      - title: A phone call\n"
        "    author: Night desk\n"
        "    date: 2025-08-12\n")
    mark = page.locator("mark[data-annotation='which-editor']")
    assert mark.inner_text() == "said the editor"
    assert "Ask the desk." in page.locator("#annotation-which-editor").inner_text()
    page.close()


def test_a_repeated_passage_gets_the_context_that_singles_it_out(browser, server):
    path = server.site / NOTES
    page = open_article(browser, server)
    noted(page, "The deal opens", "The deal opens a corridor", "The first mention.",
          "#annotation-the-deal-opens-a-corridor")
    assert "    quote: The deal opens a corridor\n    kind: note\n" in path.read_text()
    marks = page.locator("mark[data-annotation='the-deal-opens-a-corridor']")
    assert "".join(marks.all_inner_texts()) == "The deal opens a corridor"
    page.close()


def test_a_selection_across_paragraphs_is_refused_with_the_reason(browser, server):
    before = (server.site / NOTES).read_bytes()
    page = open_article(browser, server)
    page.evaluate("""() => {
        const ps = [...document.querySelectorAll('.article-body p')].filter(p => !p.closest('aside, .annotation-group'));
        const range = document.createRange();
        range.setStart(ps[2].firstChild, 4);
        range.setEnd(ps[3].firstChild, 3);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.wait_for_timeout(50)
    page.click(".briefing-editor-add")
    assert "within one paragraph" in page.inner_text(".briefing-editor-status")
    assert not page.locator("dialog.briefing-editor-dialog").is_visible()
    assert (server.site / NOTES).read_bytes() == before
    page.close()


def test_edit_and_delete_from_the_aside(browser, server):
    path = server.site / NOTES
    original = path.read_text()
    page = open_article(browser, server)
    page.click("#annotation-corridor-second button:has-text('Edit')")
    page.wait_for_selector("dialog.briefing-editor-dialog[open]")
    assert page.input_value("#briefing-editor-body").strip() == "Which critics?"
    assert page.input_value("#briefing-editor-kind") == "analysis"
    page.fill("#briefing-editor-body", "Which critics? The report names none.")
    page.click(".briefing-editor-save")
    page.wait_for_function("document.querySelector('#annotation-corridor-second')"
                           ".innerText.includes('names none')", timeout=15000)
    assert path.read_text() == original.replace(
        "    body: Which critics?\n", "    body: Which critics? The report names none.\n")
    edited = path.read_text()
    page.once("dialog", lambda d: d.accept())
    page.click("#annotation-code button:has-text('Delete')")
    page.wait_for_function("!document.querySelector('#annotation-code')", timeout=15000)
    gone = re.search(r"  - id: code\n(?:    .*\n)+", edited)
    assert gone is not None and path.read_text() == edited.replace(gone.group(0), "")
    page.close()


def post(server: ServeProcess, action: str, data: dict, headers: dict[str, str]):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("POST", f"/__briefing/notes/{action}", body=json.dumps(data),
                     headers=headers)
        reply = conn.getresponse()
        return reply.status, reply.read().decode()
    finally:
        conn.close()


def page_config(server: ServeProcess) -> dict:
    page = server.get(PAGE).body
    found = re.search(r'<script type="application/json" id="briefing-editor-config">(.*?)'
                      r'</script>', page)
    assert found is not None
    return json.loads(found.group(1))


def test_forged_requests_get_403_and_write_nothing(browser, server, tmp_path):
    config = page_config(server)
    origin = f"http://127.0.0.1:{server.port}"
    note = {"article": "summit", "served": config["served"], "id": "miracle"}
    before = read_tree(server.site / "content")
    json_type = {"Content-Type": "application/json"}
    cases = [
        {**json_type, "Origin": origin},  # no token
        {**json_type, "Origin": origin, "X-Briefing-Token": "guessed"},
        {**json_type, "Origin": "http://evil.example", "X-Briefing-Token": config["token"]},
        {**json_type, "X-Briefing-Token": config["token"]},  # no Origin
        {**json_type, "Origin": "http://attacker.test:%d" % server.port,
         "X-Briefing-Token": config["token"], "Host": "attacker.test:%d" % server.port},
    ]
    for headers in cases:
        status, _ = post(server, "remove", note, headers)
        assert status == 403, headers
    status, _ = post(server, "remove", note, {"Content-Type": "text/plain", "Origin": origin,
                                              "X-Briefing-Token": config["token"]})
    assert status == 415
    status, _ = post(server, "remove", {**note, "padding": "x" * (2 << 20)},
                     {**json_type, "Origin": origin, "X-Briefing-Token": config["token"]})
    assert status == 413
    # A page on another site posting a form (no preflight, no token) is refused too.
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text(
        f'<!doctype html><title>x</title><form method="post" enctype="text/plain" '
        f'action="{origin}/__briefing/notes/remove"><input name="x" value="y"></form>'
        f'<script>document.forms[0].submit()</script>')
    from tests.serving import serve
    page = browser.new_page()
    answers: list[int] = []
    page.on("response", lambda r: "/__briefing/" in r.url and answers.append(r.status))
    with serve(other, "/") as url:
        page.goto(url)
        page.wait_for_timeout(500)
    assert answers == [403]
    assert read_tree(server.site / "content") == before
    page.close()


def test_a_file_changed_on_disk_since_the_page_was_served_is_a_conflict(browser, server):
    path = server.site / NOTES
    page = open_article(browser, server)
    select(page, "Use code spans", "sparingly")
    page.click(".briefing-editor-add")
    page.fill("#briefing-editor-body", "Typed while someone else edited the file.")
    path.write_text(path.read_text() + "# edited by hand meanwhile\n")
    edited = path.read_bytes()
    page.wait_for_function("document.querySelector('.briefing-editor-status').textContent"
                           ".includes('reloads when you close the form')", timeout=15000)
    page.click(".briefing-editor-save")
    problem = page.locator(".briefing-editor-problem")
    problem.wait_for(state="visible")
    assert "changed on disk since this page was loaded" in problem.inner_text()
    assert page.locator("dialog.briefing-editor-dialog").is_visible()  # the text is not lost
    assert path.read_bytes() == edited
    page.close()


def test_the_dialog_is_usable_by_keyboard(browser, server):
    page = open_article(browser, server)
    select(page, "Use code spans", "sparingly")
    page.focus(".briefing-editor-add")
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.briefing-editor-dialog[open]")
    assert page.evaluate("document.activeElement.id") == "briefing-editor-kind"
    assert page.evaluate("document.querySelector('dialog').getAttribute('aria-labelledby')") \
        == "briefing-editor-heading"
    page.keyboard.press("Escape")
    assert not page.locator("dialog.briefing-editor-dialog").is_visible()
    assert page.evaluate("document.activeElement.className") == "briefing-editor-add"
    page.close()


@pytest.mark.vnu
def test_vnu_and_axe_pass_with_the_editor_open(browser, server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page = open_article(browser, server, viewport={"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"editor-bar-{width}.png"))
        select(page, "Use code spans", "sparingly")
        page.click(".briefing-editor-add")
        page.select_option("#briefing-editor-kind", "fact-check")
        page.screenshot(path=str(ARTIFACTS / f"editor-dialog-{width}.png"))
        results = Axe().run(page)
        serious = serious_violations(results)
        assert serious == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        saved = tmp_path / f"editor-{width}.html"
        saved.write_text(page.content())
        assert vnu_errors([saved]) == []
        page.close()


def test_nothing_of_the_editor_without_javascript(browser, server):
    page = browser.new_page(java_script_enabled=False)
    page.goto(f"http://127.0.0.1:{server.port}{PAGE}")
    assert page.locator(".briefing-editor, dialog").count() == 0
    assert page.locator("button:has-text('Edit'), button:has-text('Delete'), "
                        "button:has-text('Add a note')").count() == 0
    assert page.locator("#annotation-code").is_visible()
    page.close()


def test_the_editor_is_never_in_briefing_build_output(tmp_path):
    site = build_site(copy_site("annotated", tmp_path))
    for name, data in read_tree(site).items():
        assert b"__briefing" not in data and b"briefing-editor" not in data, name


def test_the_editor_is_added_to_responses_only_and_to_article_pages_only(server):
    assert "briefing-editor-config" in server.get(PAGE).body
    assert "briefing-editor-config" not in server.get("/repo/").body
    assert "briefing-editor-config" not in server.get("/repo/no-such-page/").body
    [folder] = server.output_dirs()
    for name, data in read_tree(folder).items():
        assert b"__briefing" not in data and b"briefing-editor" not in data, name


def test_a_paragraph_with_a_footnote_reference_can_be_annotated(browser, tmp_path):
    """The article's own footnote marker ([1]) is not part of the text notes anchor in."""
    site = copy_site("annotated", tmp_path)
    article = site / "content/articles/summit.md"
    article.write_text(article.read_text() + "\nA paragraph with a footnote here[^1] and "
                       "more words after it.\n\n[^1]: The footnote text.\n")
    process = ServeProcess(site, tmp_path)
    try:
        process.wait_ready(PAGE)
        page = open_article(browser, process)
        noted(page, "A paragraph with a footnote", "more words after", "After the footnote.",
              "#annotation-more-words-after")
        assert "    quote: more words after\n" in (site / NOTES).read_text()
        page.close()
    finally:
        process.stop()


def test_a_hand_broken_file_gets_a_json_400_naming_its_file_and_line(server):
    config = page_config(server)
    path = server.site / NOTES
    text = path.read_text().replace("body: Which critics?", "body: Which critics: none")
    path.write_text(text)
    line = text[:text.index("Which critics: none")].count("\n") + 1
    headers = {"Content-Type": "application/json",
               "Origin": f"http://127.0.0.1:{server.port}", "X-Briefing-Token": config["token"]}
    selection = {"block": 2, "text": "The deal opens a corridor. Critics said the deal opens "
                 "a corridor too quickly.", "before": "The deal opens a corridor. Critics "
                 "said the deal opens a corridor ", "exact": "too quickly"}
    note = {"kind": "note", "body": "x"}
    for action, data in [("list", {}), ("add", {"selection": selection, "note": note}),
                         ("change", {"id": "code", "note": note}), ("remove", {"id": "code"})]:
        status, body = post(server, action, {"article": "summit", "served": config["served"],
                                             **data}, headers)
        assert status == 400, (action, body)
        error = json.loads(body)["error"]
        assert error.startswith(f"content/annotations/summit.yml:{line}: invalid YAML: "), error
        assert error.endswith("fix the file and save again (your note is not saved)")
    assert path.read_text() == text
    assert "Traceback" not in server.stderr + server.stdout
