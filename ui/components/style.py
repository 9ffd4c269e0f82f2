"""The app's small stylesheet: calm, readable, large enough for a school laptop."""

CSS = """
<style>
.pa-verdict { display: flex; align-items: center; flex-wrap: wrap; gap: .6rem; margin: .1rem 0 .6rem 0; }
.pa-badge { display: inline-flex; align-items: center; gap: .4rem; padding: .3rem .85rem .3rem .7rem;
            border-radius: 999px; font-weight: 700; font-size: 1rem; letter-spacing: .01em; }
.pa-gloss { color: inherit; opacity: .85; font-size: .95rem; }
.pa-clause { display: flex; gap: .75rem; padding: .45rem .6rem; border-radius: .4rem; line-height: 1.55; }
.pa-cid { flex: 0 0 auto; min-width: 6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.pa-lead { font-style: italic; opacity: .8; }
.pa-target { background: #FFF4CC; color: #1A1A1A; outline: 2px solid #B38600; }
.pa-clause mark { background: #FFE066; color: #1A1A1A; padding: 0 .1rem; border-radius: .15rem; }
.pa-section { margin-top: 1.1rem; }
</style>
"""
