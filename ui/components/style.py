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
.pa-change { border-left: 4px solid #3D4F5C; padding: .4rem .75rem; margin: .6rem 0; border-radius: .3rem;
             background: rgba(61, 79, 92, .06); }
.pa-change-added { border-left-color: #1B6E35; }
.pa-change-removed { border-left-color: #A4161A; }
.pa-change-changed { border-left-color: #8A4500; }
.pa-change-head { display: flex; gap: .75rem; align-items: baseline; flex-wrap: wrap; margin-bottom: .2rem; }
.pa-kind { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .04em; }
.pa-ctitle { opacity: .8; }
.pa-diff { line-height: 1.6; }
.pa-diff ins { background: #D3F2DC; color: #0E3B1C; text-decoration: none; border-bottom: 2px solid #1B6E35; }
.pa-diff del { background: #F9D6D7; color: #5C0C0E; text-decoration: line-through; }
.pa-state { display: inline-block; padding: .1rem .6rem; border-radius: 999px; font-weight: 700; font-size: .85rem;
            color: #FFFFFF; white-space: nowrap; }
.pa-health-wrap { overflow-x: auto; }
.pa-health { border-collapse: collapse; font-size: .9rem; width: 100%; }
.pa-health th.pa-topic-head { vertical-align: bottom; padding: .35rem .15rem; }
.pa-health th.pa-topic-head span { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 10rem;
                                   display: inline-block; font-weight: 600; }
.pa-small { font-size: .8rem; opacity: .75; }
.pa-health th, .pa-health td { border-bottom: 1px solid rgba(0, 0, 0, .12); padding: .35rem .5rem; text-align: left;
                               vertical-align: top; }
.pa-health td.pa-topic { text-align: center; font-weight: 700; }
.pa-health td.pa-yes { color: #1B6E35; }
.pa-health td.pa-no { color: #8A4500; }
</style>
"""
