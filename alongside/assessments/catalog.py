"""The instruments Alongside ships, and the registry that finds them.

Only instruments that may be shipped are here (DESIGN.md §5): PHQ-9, PHQ-2 and GAD-7
(Pfizer: "no permission required to reproduce, translate, display or distribute"), AUDIT-C
(the VA's public-domain consumption questions) and BARC-10 (free to use, no permission
required). Never add the C-SSRS questions, the Stanley-Brown form, REC-CAP or the Recovery
Capital Index: they are licensed.

`get_instrument(key)` returns the latest version; `get_instrument(key, version)` the one a
stored response was answered on. `INSTRUMENTS` holds every version of every instrument.

Adding an instrument (or a new version of one) is a data change plus tests:

1. Check the licence first. Use the published public-domain wording, or our own plain words
   where the wording is not free; note which in `source` and in a comment.
2. Define it below with the shapes in `instruments.py`: items (stable keys "q1", "q2", ...
   matching the published numbering), answers with their scored values, bands covering every
   possible total (`bands_by_sex` for sex-specific cut-offs, with the lower cut-off in the
   default bands), `item_rules` for any single answer that must raise a flag whatever the
   total, LOINC codes only where confirmed (blank otherwise). Mark every string for
   translation with `_()`.
3. Add it to `INSTRUMENTS`. A changed definition is a new entry with `version` + 1; never edit
   a version that responses may have been recorded against.
4. Tests in `alongside/assessments/tests/`: a row in `EXPECTED` in `test_definitions.py`
   (item count, answer range, total range, band edges; the test listing every instrument
   fails until it is there), rows at every band edge with their flags in
   `test_band_edges.py`, and a file of its own for any rule only it has (as
   `test_phq9_item9.py`, `test_audit_c_by_sex.py`, `test_barc10.py`). The definition checks
   (`instruments.problems`), blank-item and bad-value tests then cover it automatically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from alongside.assessments.instruments import (
    FEMALE,
    MALE,
    POSITIVE_SCREEN,
    REMISSION_LEVEL,
    SAFETY,
    Band,
    Instrument,
    Item,
    ItemRule,
    Option,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- PHQ-9 and PHQ-2 ------------------------------------------------------------------------
# Item wording is the published PHQ-9 (Kroenke, Spitzer & Williams 2001), which is free to use.

LAST_TWO_WEEKS = _(
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)

FREQUENCY = (
    Option(0, _("Not at all")),
    Option(1, _("Several days")),
    Option(2, _("More than half the days")),
    Option(3, _("Nearly every day")),
)

DIFFICULTY = (
    Option(0, _("Not difficult at all")),
    Option(1, _("Somewhat difficult")),
    Option(2, _("Very difficult")),
    Option(3, _("Extremely difficult")),
)

DIFFICULTY_TEXT = _(
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)

PHQ_INTEREST = Item("q1", _("Little interest or pleasure in doing things"), FREQUENCY, "44250-9")
PHQ_MOOD = Item("q2", _("Feeling down, depressed, or hopeless"), FREQUENCY, "44255-8")

PHQ9 = Instrument(
    key="phq9",
    version=1,
    short_title="PHQ-9",
    title=_("Patient Health Questionnaire (PHQ-9)"),
    instructions=LAST_TWO_WEEKS,
    items=(
        PHQ_INTEREST,
        PHQ_MOOD,
        Item(
            "q3", _("Trouble falling or staying asleep, or sleeping too much"), FREQUENCY, "44259-0"
        ),
        Item("q4", _("Feeling tired or having little energy"), FREQUENCY, "44254-1"),
        Item("q5", _("Poor appetite or overeating"), FREQUENCY, "44251-7"),
        Item(
            "q6",
            _(
                "Feeling bad about yourself, or that you are a failure or have let yourself or "
                "your family down"
            ),
            FREQUENCY,
            "44258-2",
        ),
        Item(
            "q7",
            _(
                "Trouble concentrating on things, such as reading the newspaper or watching "
                "television"
            ),
            FREQUENCY,
            "44252-5",
        ),
        Item(
            "q8",
            _(
                "Moving or speaking so slowly that other people could have noticed? Or the "
                "opposite: being so fidgety or restless that you have been moving around a lot "
                "more than usual"
            ),
            FREQUENCY,
            "44253-3",
        ),
        Item(
            "q9",
            _("Thoughts that you would be better off dead or of hurting yourself in some way"),
            FREQUENCY,
            "44260-8",
        ),
        # Part of the published form but never part of the total.
        Item("difficulty", DIFFICULTY_TEXT, DIFFICULTY, "69722-7", scored=False, required=False),
    ),
    bands=(
        Band(
            "minimal",
            0,
            4,
            _("Minimal"),
            _("Your answers show few signs of low mood over the last two weeks."),
        ),
        Band(
            "mild",
            5,
            9,
            _("Mild"),
            _(
                "Your answers show some low mood over the last two weeks. Talking it over with "
                "your advocate can help."
            ),
        ),
        Band(
            "moderate",
            10,
            14,
            _("Moderate"),
            _(
                "Your answers show low mood has been getting in the way over the last two "
                "weeks. Your advocate can talk with you about support that may help."
            ),
        ),
        Band(
            "moderately_severe",
            15,
            19,
            _("Moderately severe"),
            _(
                "Your answers show low mood has been weighing on you a lot lately. Support "
                "helps, and your advocate can help you find it."
            ),
        ),
        Band(
            "severe",
            20,
            27,
            _("Severe"),
            _(
                "Your answers show low mood has been very hard for you lately. You do not have "
                "to carry this alone: your advocate can help you connect with support."
            ),
        ),
    ),
    # Any answer above "Not at all" on item 9 needs a person, whatever the total (DESIGN.md §5).
    item_rules=(
        ItemRule(
            SAFETY,
            "q9",
            1,
            _(
                "Thank you for telling us about thoughts of being better off dead or of hurting "
                "yourself. You do not have to face them alone. To talk to someone now, call or "
                "text 988, any time."
            ),
        ),
    ),
    loinc_panel="44249-1",
    loinc_total="44261-6",
    source="Kroenke, Spitzer & Williams 2001. Public wording; no permission required.",
)

PHQ2 = Instrument(
    key="phq2",
    version=1,
    short_title="PHQ-2",
    title=_("Patient Health Questionnaire (PHQ-2)"),
    instructions=LAST_TWO_WEEKS,
    items=(PHQ_INTEREST, PHQ_MOOD),
    bands=(
        Band(
            "negative",
            0,
            2,
            _("Below the screening cut-off"),
            _("Your answers show little low mood or loss of interest over the last two weeks."),
        ),
        Band(
            "positive",
            3,
            6,
            _("Positive screen"),
            _(
                "Your answers show low mood or loss of interest may have been getting in the "
                "way lately. A few more questions (the PHQ-9) can give a fuller picture."
            ),
            flags=(POSITIVE_SCREEN,),
        ),
    ),
    loinc_panel="55757-9",
    loinc_total="55758-7",
    source="Kroenke, Spitzer & Williams 2003. Public wording; no permission required.",
)

# --- GAD-7 ----------------------------------------------------------------------------------
# Published wording (Spitzer, Kroenke, Williams & Löwe 2006), free to use. Item LOINC codes as
# in the LOINC GAD-7 panel 69737-5; the closing "how difficult" item has no confirmed code here.

GAD7 = Instrument(
    key="gad7",
    version=1,
    short_title="GAD-7",
    title=_("Generalized Anxiety Disorder scale (GAD-7)"),
    instructions=LAST_TWO_WEEKS,
    items=(
        Item("q1", _("Feeling nervous, anxious, or on edge"), FREQUENCY, "69725-0"),
        Item("q2", _("Not being able to stop or control worrying"), FREQUENCY, "68509-9"),
        Item("q3", _("Worrying too much about different things"), FREQUENCY, "69733-4"),
        Item("q4", _("Trouble relaxing"), FREQUENCY, "69734-2"),
        Item("q5", _("Being so restless that it is hard to sit still"), FREQUENCY, "69735-9"),
        Item("q6", _("Becoming easily annoyed or irritable"), FREQUENCY, "69689-8"),
        Item("q7", _("Feeling afraid, as if something awful might happen"), FREQUENCY, "69736-7"),
        Item("difficulty", DIFFICULTY_TEXT, DIFFICULTY, scored=False, required=False),
    ),
    bands=(
        Band(
            "minimal",
            0,
            4,
            _("Minimal"),
            _("Your answers show few signs of worry or anxiety over the last two weeks."),
        ),
        Band(
            "mild",
            5,
            9,
            _("Mild"),
            _(
                "Your answers show some worry or anxiety over the last two weeks. Talking it "
                "over with your advocate can help."
            ),
        ),
        Band(
            "moderate",
            10,
            14,
            _("Moderate"),
            _(
                "Your answers show worry or anxiety has been getting in the way lately. Your "
                "advocate can talk with you about support that may help."
            ),
        ),
        Band(
            "severe",
            15,
            21,
            _("Severe"),
            _(
                "Your answers show worry or anxiety has been very hard for you lately. You do "
                "not have to carry this alone: your advocate can help you connect with support."
            ),
        ),
    ),
    loinc_panel="69737-5",
    loinc_total="70274-6",
    source="Spitzer, Kroenke, Williams & Löwe 2006. Public wording; no permission required.",
)

# --- AUDIT-C --------------------------------------------------------------------------------
# The three consumption questions (Bush et al. 1998), worded after the VA's AUDIT-C form (a
# US government work, public domain) with the US standard drink spelled out, scored 0-4 each.
# Some versions skip questions 2 and 3 after "Never"; here all three are always asked, so a
# blank stays a blank (their lowest answers score 0, as skipped questions would there).
# The positive-screen cut-off is 4 for men and 3 for women; anyone else (sex unknown, other,
# not recorded) gets 3, the lower cut-off, so nobody is missed because a field was blank.

AUDIT_C_LOWER_CUTOFF = 3
AUDIT_C_MEN_CUTOFF = 4


def _audit_c_bands(cutoff: int) -> tuple[Band, ...]:
    return (
        Band(
            "negative",
            0,
            cutoff - 1,
            _("Below the screening cut-off"),
            _("Your answers are below the level where drinking usually starts to affect health."),
        ),
        Band(
            "positive",
            cutoff,
            12,
            _("Positive screen for unhealthy alcohol use"),
            _(
                "Your answers show drinking may be affecting your health. If you would like, "
                "your advocate can talk it through with you."
            ),
            flags=(POSITIVE_SCREEN,),
        ),
    )


AUDIT_C = Instrument(
    key="auditc",
    version=1,
    short_title="AUDIT-C",
    title=_("Alcohol Use Disorders Identification Test, consumption questions (AUDIT-C)"),
    instructions=_(
        "These questions are about drinks containing alcohol in the past year. One drink is a "
        "12-ounce can of beer, a 5-ounce glass of wine, or a 1.5-ounce shot of liquor."
    ),
    items=(
        Item(
            "q1",
            _("How often did you have a drink containing alcohol in the past year?"),
            (
                Option(0, _("Never")),
                Option(1, _("Monthly or less")),
                Option(2, _("2 to 4 times a month")),
                Option(3, _("2 to 3 times a week")),
                Option(4, _("4 or more times a week")),
            ),
            "68518-0",
        ),
        Item(
            "q2",
            _(
                "How many drinks containing alcohol did you have on a typical day when you "
                "were drinking in the past year?"
            ),
            (
                Option(0, _("1 or 2")),
                Option(1, _("3 or 4")),
                Option(2, _("5 or 6")),
                Option(3, _("7 to 9")),
                Option(4, _("10 or more")),
            ),
            "68519-8",
        ),
        Item(
            "q3",
            _("How often did you have six or more drinks on one occasion in the past year?"),
            (
                Option(0, _("Never")),
                Option(1, _("Less than monthly")),
                Option(2, _("Monthly")),
                Option(3, _("Weekly")),
                Option(4, _("Daily or almost daily")),
            ),
            "68520-6",
        ),
    ),
    bands=_audit_c_bands(AUDIT_C_LOWER_CUTOFF),
    bands_by_sex=(
        (MALE, _audit_c_bands(AUDIT_C_MEN_CUTOFF)),
        (FEMALE, _audit_c_bands(AUDIT_C_LOWER_CUTOFF)),
    ),
    loinc_panel="72109-2",
    loinc_total="75626-2",
    source="Bush et al. 1998; US Department of Veterans Affairs wording, public domain.",
)

# --- BARC-10 --------------------------------------------------------------------------------
# Brief Assessment of Recovery Capital (Vilsaint et al. 2017): free to use, no permission
# required. The statements are the published wording, checked against two public copies;
# the published form anchors only 1 (strongly disagree) and 6 (strongly agree), so the four
# middle labels are ours. The areas are our plain words for what each statement is about.
# No LOINC code for BARC-10 could be confirmed, so the codes are blank.

AGREEMENT = (
    Option(1, _("Strongly disagree")),
    Option(2, _("Disagree")),
    Option(3, _("Somewhat disagree")),
    Option(4, _("Somewhat agree")),
    Option(5, _("Agree")),
    Option(6, _("Strongly agree")),
)

# 47 or more is the cut-off the BARC-10 study found for sustained remission (over 12 months).
BARC10_REMISSION_LEVEL = 47


def _statement(key: str, text: StrOrPromise, area: StrOrPromise) -> Item:
    return Item(key, text, AGREEMENT, area=area)


BARC10 = Instrument(
    key="barc10",
    version=1,
    short_title="BARC-10",
    title=_("Brief Assessment of Recovery Capital (BARC-10)"),
    instructions=_("How much do you agree or disagree with each statement?"),
    items=(
        _statement(
            "q1",
            _("There are more important things to me in life than using substances."),
            _("what matters to you beyond substances"),
        ),
        _statement("q2", _("In general I am happy with my life."), _("being happy with your life")),
        _statement(
            "q3",
            _("I have enough energy to complete the tasks I set myself."),
            _("energy for what you set out to do"),
        ),
        _statement(
            "q4",
            _("I am proud of the community I live in and feel part of it."),
            _("feeling part of your community"),
        ),
        _statement("q5", _("I get lots of support from friends."), _("support from friends")),
        _statement(
            "q6",
            _(
                "I regard my life as challenging and fulfilling without the need for using drugs "
                "or alcohol."
            ),
            _("a full life without alcohol or drugs"),
        ),
        _statement(
            "q7",
            _("My living space has helped to drive my recovery journey."),
            _("a home that supports your recovery"),
        ),
        _statement(
            "q8",
            _("I take full responsibility for my actions."),
            _("taking responsibility for your actions"),
        ),
        _statement(
            "q9",
            _("I am happy dealing with a range of professional people."),
            _("working with professionals"),
        ),
        _statement(
            "q10",
            _("I am making good progress on my recovery journey."),
            _("progress on your recovery journey"),
        ),
    ),
    bands=(
        Band(
            "building",
            10,
            BARC10_REMISSION_LEVEL - 1,
            _("Building recovery capital"),
            _(
                "Your answers show strengths you can build on. Your advocate can help you grow "
                "the areas that matter most to you."
            ),
        ),
        Band(
            "strong",
            BARC10_REMISSION_LEVEL,
            60,
            _("Strong recovery capital"),
            _(
                "Your answers show strong recovery capital: the kind of strengths and support "
                "that help people stay in recovery."
            ),
            flags=(REMISSION_LEVEL,),
        ),
    ),
    # "Somewhat agree" or more: an item answered lower than that is never called a strength.
    strengths_from=4,
    source="Vilsaint et al. 2017, Drug and Alcohol Dependence 177:71-76. Free to use.",
)

# --- The registry ---------------------------------------------------------------------------

INSTRUMENTS: tuple[Instrument, ...] = (BARC10, PHQ9, PHQ2, GAD7, AUDIT_C)


def _index(instruments: tuple[Instrument, ...]) -> dict[str, dict[int, Instrument]]:
    index: dict[str, dict[int, Instrument]] = {}
    for instrument in instruments:
        versions = index.setdefault(instrument.key, {})
        if instrument.version in versions:
            raise ValueError(f"{instrument} is defined twice")
        versions[instrument.version] = instrument
    return index


_BY_KEY = _index(INSTRUMENTS)


def get_instrument(key: str, version: int | None = None) -> Instrument:
    """Return version VERSION of the instrument KEY ("phq9"); the latest when VERSION is None.

    Raises LookupError naming the key and version when there is no such instrument.
    """
    versions = _BY_KEY.get(key)
    if not versions:
        raise LookupError(f"No instrument {key!r}; known: {', '.join(sorted(_BY_KEY))}")
    if version is None:
        return versions[max(versions)]
    if version not in versions:
        raise LookupError(f"No version {version} of {key!r}; known: {sorted(versions)}")
    return versions[version]
