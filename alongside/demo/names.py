"""Fixed, clearly fictional words the demo center is made of: names, notes, places.

Every list is a tuple so the generator's choices depend only on its seed. Client names are a
first name and a last initial, never a full name, so nothing reads like a real record.

Notes follow DESIGN.md §4.9: person-first and non-stigmatizing ("recurrence of use", never
the words the tests in tests/test_seed_demo.py forbid). They say "they" so they fit anyone.
"""

from __future__ import annotations

# --- Clients ---------------------------------------------------------------------------------

# Grouped so that pronouns and names agree often enough to look natural in a demo.
FIRST_NAMES_SHE = (
    "Abby", "Alma", "Ana", "Beth", "Brianna", "Carla", "Carmen", "Celia", "Dana", "Daisy",
    "Elena", "Erin", "Fatima", "Gloria", "Hannah", "Imani", "Isabel", "Jasmine", "Joy", "Julia",
    "Kara", "Keisha", "Lena", "Lucia", "Mae", "Marisol", "Megan", "Mia", "Nadia", "Nina",
    "Olivia", "Paula", "Rosa", "Ruth", "Sara", "Selena", "Tanya", "Tessa", "Valeria", "Wendy",
)  # fmt: skip
FIRST_NAMES_HE = (
    "Aaron", "Andre", "Ben", "Caleb", "Carlos", "Darius", "Diego", "Eli", "Emilio", "Evan",
    "Felix", "Gabe", "Hector", "Isaac", "Jamal", "Javier", "Joel", "Jonah", "Kevin", "Luis",
    "Marcus", "Mateo", "Miles", "Nate", "Omar", "Owen", "Pablo", "Rafael", "Ray", "Ruben",
    "Sam", "Santiago", "Tariq", "Theo", "Tomas", "Trevor", "Victor", "Wade", "Wes", "Zeke",
)  # fmt: skip
FIRST_NAMES_ANY = (
    "Alex", "Ari", "Avery", "Blake", "Cam", "Casey", "Charlie", "Dakota", "Drew", "Eden",
    "Emery", "Finley", "Harper", "Jesse", "Jordan", "Jules", "Kai", "Lee", "Logan", "Morgan",
    "Noel", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sage", "Skyler", "Taylor", "Val",
)  # fmt: skip
LAST_INITIALS = tuple("ABCDEFGHJKLMNOPRSTVWY")

# (pronouns, weight); an empty string means the person has not said.
PRONOUNS = (("she/her", 45), ("he/him", 46), ("they/them", 6), ("", 3))

# Most clients live where the center is; a few join IOP by video from nearby states.
CLIENT_TIME_ZONES = (("America/Chicago", 90), ("America/Denver", 4), ("America/New_York", 6))

# --- Staff -----------------------------------------------------------------------------------

# Names for advocates and supervisors beyond the fixed demo logins (used at larger scales).
STAFF_FIRST_NAMES = (
    "Jamal", "Tess", "Omar", "Kira", "Luz", "Grant", "Naomi", "Felipe", "Rosalind", "Tobias",
    "Yara", "Desmond", "Ingrid", "Mateus", "Ramona", "Curtis", "Simone", "Arlo", "Bettina",
    "Hollis", "Marguerite", "Emeka", "Lorena", "Silas",
)  # fmt: skip
STAFF_LAST_NAMES = (
    "Reed", "Alvarez", "Haddad", "Johansson", "Marquez", "Whitaker", "Castellano", "Oduya",
    "Lindqvist", "Pemberton", "Ferreira", "Nakamura", "Delacroix", "Ashby", "Morrow", "Quintero",
    "Halvorsen", "Abernathy", "Voss", "Kettering",
)  # fmt: skip

# --- Support contacts ------------------------------------------------------------------------

NOTES_GENERAL = (
    "Checked in about the week. They said things feel steadier since the schedule settled.",
    "Talked through what has been helping on hard evenings. Agreed to keep the morning walk.",
    "Reviewed what they want from peer support this month; they named two priorities.",
    "Shared a bit of my own recovery story when asked. Good conversation about hope.",
    "Mostly listened. They wanted space to talk about a tough day and felt better after.",
    "Talked about sleep and routines; they will try the wind-down plan from group.",
    "Celebrated 30 days together. They are proud of it, and so is the team.",
    "Talked about which meetings feel like a fit; they want to try a new one Thursday.",
    "Went over what a good weekend looks like for them and who they can call.",
    "They asked about peer support after discharge; explained continuing care options.",
)
NOTES_BY_TOPIC = {
    "step-work": (
        "Worked through step one questions together; they wrote answers in their own words.",
        "Talked about what acceptance means to them right now.",
        "Reviewed progress on their inventory worksheet; they chose what to share with me.",
        "Looked at the SMART cost-benefit worksheet together; they found it clarifying.",
        "Discussed finding a sponsor; they have two people in mind to ask.",
        "They have been doing a nightly review and say it helps them notice patterns.",
    ),
    "goals": (
        "Updated recovery plan goals. They picked one small goal for this week.",
        "Checked on the goal of three meetings this week; met it.",
        "Broke the housing goal into smaller tasks with dates.",
        "Celebrated a win: first full week of the new morning routine.",
        "Reviewed goals before the team meeting; they want to add a budgeting goal.",
    ),
    "housing": (
        "Went over recovery residence options and costs. They will call two houses tomorrow.",
        "Helped fill out a housing application; copy saved for their records.",
        "Talked through move-in day and what to bring.",
        "They are worried about rent next month; connected them with the benefits navigator.",
    ),
    "employment": (
        "Worked on a resume together; first draft done.",
        "Practiced interview questions. They feel more confident about Friday.",
        "Talked about going back to work and fitting it around IOP hours.",
        "They started the new job this week and like the crew.",
    ),
    "family": (
        "Talked about a family visit this weekend and how to prepare for it.",
        "Role-played a conversation about boundaries with a family member.",
        "They reconnected with a sibling by phone and felt hopeful.",
        "Discussed how to talk with their kids about treatment; will use the family session.",
    ),
    "health": (
        "Arranged a ride for the dental appointment next week.",
        "Talked about medication pickup times at the pharmacy; no problems so far.",
        "Discussed sleep and appetite; they will bring it up with the nurse.",
        "Checked in after a doctor's visit; it went well.",
    ),
    "crisis": (
        "Strong cravings after a hard phone call. They used the coping list and called a "
        "support person. Reviewed the safety plan; follow up tomorrow.",
        "They shared a recurrence of use over the weekend. Talked about what happened and next "
        "steps without judgment; informed the care team with their agreement.",
        "Felt overwhelmed today. Walked through the safety plan; they named two people to call.",
    ),
    "other": (
        "Set up phone reminders for meetings and appointments.",
        "Went over bus routes to the outpatient office.",
        "Helped start the replacement ID application.",
        "Talked about hobbies they want to get back into, like fishing and drawing.",
    ),
}
NOTES_BY_KIND = {
    "message": (
        "Texted to check in; they replied they are doing okay.",
        "Sent this week's meeting times.",
        "Reminder about tomorrow's appointment; they confirmed.",
        "They texted a photo of their 60-day chip. Sent congratulations.",
    ),
    "brief": (
        "Quick check-in after group; mood good.",
        "Brief hello at the front desk; no concerns.",
        "Short check-in between sessions; they are looking forward to the weekend.",
    ),
    "group": (
        "Attended peer support group; shared about gratitude.",
        "Participated in group; talked about handling boredom.",
        "Joined the recovery skills group and helped a newer member feel welcome.",
    ),
    "outreach": (
        "Reached out after two missed check-ins; they are okay and plan to come Monday.",
        "Outreach call after a missed appointment; rescheduled for Thursday.",
        "Visited the community meal together; they reconnected with an old friend in recovery.",
    ),
    "accompaniment": (
        "Went with them to the benefits office; application submitted.",
        "Accompanied them to their first outpatient appointment.",
        "Went together to a community meeting; they want to go back next week.",
        "Went with them to court; the hearing was moved to next month.",
    ),
}
LOCATIONS_BY_KIND = {
    "one-on-one": ("Peer support office", "Residential lounge", "Courtyard", ""),
    "group": ("Group room B", "Group room A"),
    "outreach": ("Their home", "Community center", "Phone and home visit"),
    "accompaniment": ("Benefits office", "County clinic", "Courthouse", "Pharmacy", "DMV"),
}

# --- The daily loop: check-ins, wins, the recovery timeline ----------------------------------

# What went well, in the person's own words (the portal's optional check-in question).
WENT_WELL = (
    "Made it to group",
    "Called my sponsor",
    "Cooked dinner with my kids",
    "Went for a walk after work",
    "Slept through the night",
    "Talked to my mom on the phone",
    "Got to work on time all week",
    "Went to a meeting and stayed for coffee",
    "Helped a friend move",
    "Finished the book I started",
    "Played basketball at the park",
    "Read my daily reflection before bed",
    "Went to church with my aunt",
    "Did my SMART worksheet",
    "Picked up my prescription on time",
    "Asked for help when I needed it",
    "Fixed the bike and rode to the store",
    "Drew for an hour and felt calm",
)
WENT_WELL_ES = (
    "Fui a mi grupo",
    "Llamé a mi padrino",
    "Cociné la cena con mis hijos",
    "Salí a caminar después del trabajo",
    "Dormí toda la noche",
    "Hablé con mi mamá por teléfono",
    "Llegué a tiempo al trabajo",
    "Fui a una reunión y me quedé a tomar café",
    "Fui a misa con mi tía",
    "Pedí ayuda cuando la necesité",
    "Leí mi reflexión del día antes de dormir",
)
PERSONAL_WINS = (
    "Got my ID back",
    "First paycheck",
    "Reconnected with my sister",
    "Went to my first meeting",
    "Opened a bank account",
    "Got my driver's license back",
    "Cooked Sunday dinner for the family",
    "Finished my first week at the new job",
    "Paid every bill on time this month",
    "Signed the lease on my own place",
    "Walked my daughter to school",
    "Asked someone to be my sponsor",
    "Ran a whole mile",
    "Went to my cousin's wedding and had a great time",
)
PERSONAL_WINS_ES = (
    "Recuperé mi identificación",
    "Mi primer cheque de pago",
    "Me reconecté con mi hermana",
    "Fui a mi primera reunión",
    "Abrí una cuenta de banco",
    "Recuperé mi licencia de manejar",
    "Cociné la cena del domingo para la familia",
    "Terminé mi primera semana en el trabajo nuevo",
    "Firmé el contrato de mi propio departamento",
    "Llevé a mi hija a la escuela",
)
# The demo client's recent win, waiting for a word from their advocate.
DEMO_CLIENT_WIN = "Recuperé mi identificación"
# An advocate's congratulation on a win ({label} is a milestone: "30 days").
CHEERS = (
    "So proud of you!",
    "This is huge. Well done.",
    "You did this. Keep going!",
    "Love this news. Celebrate it tonight.",
    "What a step. I'm cheering for you.",
    "That took courage. Congratulations!",
)
CHEERS_ES = (
    "¡Qué orgullo! Felicidades.",
    "¡Lo lograste! Sigue adelante.",
    "¡Qué buena noticia! Celébralo hoy.",
    "Un gran paso. ¡Felicidades!",
)
MILESTONE_CHEERS = (
    "Happy {label}! So proud of you.",
    "{label}! Look how far you have come.",
    "Congratulations on {label}. One day at a time, and here you are.",
    "{label}: that is huge. Proud to walk alongside you.",
)
MILESTONE_CHEERS_ES = (
    "¡Felicidades por {label} en recuperación!",
    "¡{label}! Mira todo lo que has logrado.",
    "¡{label}! Un día a la vez, y aquí estás.",
)
SPANISH_UNITS = {
    "hours": "horas",
    "days": "días",
    "months": "meses",
    "year": "año",
    "years": "años",
}
# Notes on the recovery timeline: person-first, short, optional (an empty one means none).
START_NOTES = (
    "",
    "",
    "The date they chose.",
    "Set together at intake.",
    "They asked to count from the day they arrived.",
)
START_NOTES_BACKDATED = (
    "",
    "Their date, from before they came to the center.",
    "Backdated at their request; they have been counting on their own.",
)
RECURRENCE_NOTES = (
    "",
    "They shared it in a one-on-one. We talked about what helps and what comes next.",
    "Recorded together. They want to keep going with group and check-ins.",
    "They told me on a call; no judgment, we made a plan for the evenings.",
)
NEW_START_NOTES = (
    "",
    "A new start; the earlier days stay on the timeline.",
    "They chose this date for their new start.",
)
