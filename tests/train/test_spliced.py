from taosha.record import Line, Page


def test_spliced_pages_glue_another_sources_spam_names_on_as_heads_or_tails():
    from taosha.record import Tag
    from taosha.train.spliced import SPAM_PIECE, spliced_pages

    def page(source, sentence, spam):
        return Page(source, [Line(sentence * 3, n, Tag.C) for n in range(1, 41)] + [Line(spam, 41, Tag.S)],
                    source=source)

    pages = [page("a", "今年全市粮食播种面积稳定在一百万亩以上。", "长沙痛风专科医院 | 长沙治疗痛风哪家好"),
             page("b", "她把那封信折好，压在了枕头底下。", "鸿运棋牌娱乐 聚财捕鱼官网")]
    spliced = spliced_pages(pages, share=0.0, seed=1, spam_share=0.5)
    glued = [(p, old, new) for p, q in zip(pages, spliced) for old, new in zip(p.lines, q.lines) if old is not new]
    heads = [new for _, old, new in glued if new.text.endswith(old.text)]
    tails = [new for _, old, new in glued if new.text.startswith(old.text)]
    assert heads and tails and len(heads) + len(tails) == len(glued)
    for p, old, new in glued:
        (part,) = new.injected
        assert new.tag is Tag.M and part and part in new.text
        rest = part.rstrip("：:")
        for name in SPAM_PIECE.findall(next(q for q in pages if q is not p).lines[-1].text):
            rest = rest.replace(name, "")
        assert not rest.strip()  # made of the other source's spam names only
    assert all(new.injected[0].endswith(("：", ":")) for new in heads)


def test_spliced_pages_glue_a_recorded_piece_from_another_source_in_front_of_long_content_lines():
    from taosha.record import Tag
    from taosha.train.spliced import spliced_pages

    def page(source, sentence):
        return Page(source, [Line(sentence * 3, n, Tag.C) for n in range(1, 41)] + [Line("首页", 41, Tag.B)],
                    source=source)

    pages = [page("a", "今年全市粮食播种面积稳定在一百万亩以上。"), page("b", "她把那封信折好，压在了枕头底下。")]
    spliced = spliced_pages(pages, seed=1)
    again = spliced_pages(pages, seed=1)  # the same seed splices the same pieces
    assert [l.text for q in spliced for l in q.lines] == [l.text for q in again for l in q.lines]
    changed = [(p, old, new) for p, q in zip(pages, spliced) for old, new in zip(p.lines, q.lines) if old is not new]
    assert changed and all(new.tag is Tag.M and new.text.endswith(old.text) for _, old, new in changed)
    for p, old, new in changed:
        (piece,) = new.injected
        assert new.text.startswith(piece) and len(piece) >= 6
        other = next(q for q in pages if q is not p)
        assert piece.strip() in other.lines[0].text  # always from the other source's page
    assert all(l.tag is Tag.C for l in pages[0].lines[:40])  # the originals are left alone
