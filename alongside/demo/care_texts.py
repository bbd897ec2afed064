"""The words of the demo's safety plans and of its alerts' notes, in our own words.

Safety plans are in the person's own voice ("my", "I"), short lists as people write them,
in English or Spanish. Names are fictional and every phone number is in 555-0100 to
555-0199, the range set aside for fiction. Nothing is graphic: warning signs are everyday
signs, and "making my surroundings safer" is about medication, keys, money and alcohol.

Alert notes are what staff write when they take and resolve an alert: kind, specific, no
pronouns (so they fit anyone), and never the words DESIGN.md §4.9 asks staff to avoid.
"""

from __future__ import annotations

CENTER_PHONE = "(312) 555-0100"
ON_CALL_PHONE = "(312) 555-0111"

# Fictional first names for the people in a plan (family, friends, sponsors): {she} and {he}
# in a template take a name that fits the relation ("my sister {she}"), {name} any of them.
SUPPORT_NAMES_SHE = ("Renee", "Tasha", "Dolores", "Kim", "Bea", "Lupe", "Nora", "Yvette", "Irma")
SUPPORT_NAMES_HE = ("Marcus", "Luis", "Jerome", "Andre", "Frank", "Darnell", "Walt", "Manny", "Gus")
SUPPORT_NAMES_SHE_ES = ("Lucía", "Rosa", "Marta", "Lupita", "Inés", "Graciela", "Alicia", "Elvira")
SUPPORT_NAMES_HE_ES = ("Julio", "Ernesto", "Chuy", "Ramón", "Beto", "Toño", "Memo", "Paco")
DOCTOR_NAMES = ("Patel", "Nguyen", "Okoro", "Lindqvist", "Romero", "Haddad", "Brennan", "Cho")

# --- English ---------------------------------------------------------------------------------

WARNING_SIGNS = (
    "Not sleeping for two nights in a row",
    "Skipping meals and staying in bed past noon",
    "Not answering my phone or texts",
    'Thinking "what\'s the point"',
    "Feeling like a burden to everyone",
    "Driving past my old neighborhood",
    "Payday weekends",
    "Arguing with my mom and then shutting down",
    "Skipping group two times in a row",
    "Sitting in the dark with the TV on all night",
    "Getting snappy with my kids",
    "Late nights alone after a double shift",
    "The anniversary of losing my brother",
    "Finding reasons to skip my appointments",
)
COPING = (
    "Walk around the block with my headphones on",
    "Hot shower, then a cup of tea",
    "Slow breathing: in for 4, out for 6, ten times",
    "Read my daily reflection",
    "Pray",
    "Write it down in my notebook",
    "Play guitar for twenty minutes",
    "Cook something simple",
    "Set a timer for 20 minutes and ride out the urge",
    "Push-ups and a cold glass of water",
    "A puzzle game on my phone",
    "Look at the photos of my kids",
)
DISTRACTIONS = (
    "The library on Main Street",
    "Coffee with {name} at the diner",
    "The evening meeting at the church hall",
    "Shooting hoops at the park on 5th",
    "Walking my neighbor's dog",
    "Sunday dinner at my aunt's",
    "Open gym at the community center",
    "Fishing at the river with my uncle",
    "The Saturday group at the Eastside Community Center",
    "Watching the game at {name}'s place",
)
SUPPORT_PEOPLE = (
    "My sister {she}: {phone}",
    "My brother {he}: {phone}",
    "My sponsor {name}: {phone}",
    "My friend {name} from group: {phone}",
    "My mom: {phone}",
    "My roommate {name}: {phone}",
    "My cousin {she}: {phone}",
    "{name}, my peer mentor: {phone}",
    "My aunt {she}: {phone}",
)
ADVOCATE_LINE = "{advocate}, my advocate at Hope Valley: " + CENTER_PHONE
PROFESSIONALS = (
    "Hope Valley on-call line, evenings and weekends: " + ON_CALL_PHONE,
    "988 Suicide & Crisis Lifeline: call or text 988, any time",
    "My counselor at the Westside Clinic: {phone}",
    "Dr. {doctor}, my primary care doctor: {phone}",
    "911 if I or someone else is in danger right now",
)
SAFER_SURROUNDINGS = (
    "Keep only a week of my medication at home; {name} holds the rest",
    "No alcohol in the apartment; my roommate agreed to keep it out too",
    "Give my car keys to {name} on hard nights",
    "Leave my bank card at home on payday weekends",
    "Naloxone in my bag and in the kitchen drawer",
    "Deleted the phone numbers I don't need anymore",
    "Take the bus route that doesn't go past my old corner",
    "Ask the pharmacy for blister packs, one week at a time",
)

# --- Spanish ---------------------------------------------------------------------------------

WARNING_SIGNS_ES = (
    "Dormir mal dos o tres noches seguidas",
    "Dejar de comer y quedarme en la cama hasta el mediodía",
    "No contestar el teléfono ni los mensajes",
    "Pensar «¿para qué me esfuerzo?»",
    "Sentir que soy una carga para todos",
    "Pasar en carro por mi antiguo barrio",
    "Los fines de semana de quincena",
    "Discutir con mi familia y luego encerrarme",
    "Faltar al grupo dos veces seguidas",
)
COPING_ES = (
    "Salir a caminar con música",
    "Darme una ducha caliente y preparar un té",
    "Respirar despacio: contar 4 al entrar y 6 al salir",
    "Rezar o leer mi reflexión del día",
    "Escribir lo que siento en mi cuaderno",
    "Cocinar algo sencillo",
    "Poner un temporizador de 20 minutos y dejar pasar las ganas",
    "Mirar las fotos de mis hijos",
)
DISTRACTIONS_ES = (
    "La biblioteca de la calle Main",
    "Un café con {name} en la panadería",
    "La reunión de la tarde en el salón de la iglesia",
    "La comida del domingo en casa de mi tía",
    "El parque con mis sobrinos",
    "El grupo de los sábados en el centro comunitario",
)
SUPPORT_PEOPLE_ES = (
    "Mi hermana {she}: {phone}",
    "Mi hermano {he}: {phone}",
    "Mi padrino del grupo, {he}: {phone}",
    "Mi amiga {she}: {phone}",
    "Mi mamá: {phone}",
    "Mi primo {he}: {phone}",
)
ADVOCATE_LINE_ES = "{advocate}, mi acompañante en Hope Valley: " + CENTER_PHONE
PROFESSIONALS_ES = (
    "Línea de guardia de Hope Valley (noches y fines de semana): " + ON_CALL_PHONE,
    "988: llamar o enviar un mensaje de texto, a cualquier hora (hay atención en español)",
    "Mi consejera en la Clínica del Oeste: {phone}",
    "La Dra. {doctor}, mi doctora de cabecera: {phone}",
    "911 si yo u otra persona estamos en peligro ahora mismo",
)
SAFER_SURROUNDINGS_ES = (
    "Tener en casa solo la medicina de una semana; {name} guarda el resto",
    "No guardar alcohol en el apartamento",
    "Dejarle las llaves del carro a {name} en las noches difíciles",
    "Dejar la tarjeta del banco en casa los fines de semana de quincena",
    "Naloxona en mi bolsa y en el cajón de la cocina",
    "Tomar la ruta de autobús que no pasa por mi antigua esquina",
)

# --- The demo client's own plan (client@demo.test reads the portal in Spanish) ---------------
# Version 1 was written with their advocate; version 2 they updated themself in the portal.

DEMO_PLAN_ES: dict[str, str] = {
    "warning_signs": (
        "Cuando dejo de contestar el teléfono.\n"
        "Dormir mal dos o tres noches seguidas.\n"
        "Pensar «¿para qué me esfuerzo?».\n"
        "Los viernes de quincena."
    ),
    "coping_alone": (
        "Salir a caminar con música.\n"
        "Darme una ducha caliente y preparar un té.\n"
        "Respirar despacio: contar 4 al entrar y 6 al salir.\n"
        "Rezar o leer mi reflexión del día."
    ),
    "distractions": (
        "La biblioteca de la calle Main.\n"
        "Un café con mi prima Rosa en la panadería.\n"
        "La reunión de la tarde en el salón de la iglesia."
    ),
    "support_people": (
        "Mi hermana Lucía: (312) 555-0147\nMi madrina del grupo, Carmen: (312) 555-0162"
    ),
    "professionals": (
        "Maya, mi acompañante en Hope Valley: " + CENTER_PHONE + "\n"
        "Línea de guardia de Hope Valley (noches y fines de semana): " + ON_CALL_PHONE + "\n"
        "988: llamar o enviar un mensaje de texto, a cualquier hora (hay atención en español)"
    ),
    "safer_surroundings": (
        "Tener en casa solo la medicina de una semana; Lucía guarda el resto.\n"
        "No guardar alcohol en el apartamento."
    ),
}
DEMO_PLAN_ES_UPDATES: dict[str, str] = {
    "support_people": "Mi vecino Julio, el del segundo piso: (312) 555-0178",
    "coping_alone": "Llamar a mi hija por videollamada antes de dormir.",
}

# --- Alerts: taking them and saying what was done ---------------------------------------------

ACKNOWLEDGEMENT_NOTES = (
    "Calling now.",
    "On it, calling now.",
    "Taking this one; calling in five minutes.",
    "",
    "Seen. Calling right away.",
)
# The one alert the demo leaves taken but not yet resolved.
TAKEN_NOTE = "Spoke briefly; calling back after group to make a plan for tonight."

RESOLUTIONS: dict[str, tuple[str, ...]] = {
    "safety_question": (
        "Talked for 40 minutes. Staying with a sister tonight and feels safe; we went over the "
        "safety plan together. Follow-up call tomorrow morning.",
        "Called within 10 minutes and stayed on the line while we made a plan for the night. "
        "Warm handoff to the on-call counselor; with a friend tonight. Follow-up at 10 tomorrow.",
        "Talked for an hour. The thoughts have eased; agreed to call or text 988 if they come "
        "back tonight. Medication moved to a neighbor's for now. Check-in call tomorrow.",
    ),
    "craving": (
        "Called within 15 minutes. The craving eased as we talked through the evening; going to "
        "the 7 pm meeting with a friend. Will check in tomorrow.",
        "Talked on the phone for 25 minutes and used the urge-surfing steps together. Made a "
        "plan for the weekend. Text check-in tomorrow morning.",
        "Reached by phone. Long week, and payday tomorrow; agreed to leave the bank card with a "
        "roommate. See you at group on Thursday.",
    ),
    "used_after_stretch": (
        "Called the same evening. Safe at home and open to talking; no judgment, just next "
        "steps. Session booked for tomorrow.",
        "Talked for 30 minutes. Feeling shaky but safe, with naloxone at home. Counselor "
        "appointment moved up to Monday.",
        "Met at the center after work. Talked through what led up to it and updated the plan "
        "for evenings. Check-in call in two days.",
    ),
    "other": (
        "Talked it through by phone; safe for now, with a plan for tonight. Follow-up tomorrow.",
    ),
}
# For an alert on a check-in nobody has talked with the person about yet (Today still shows
# "no contact since"): what was done is reaching out, not a conversation.
RESOLUTIONS_NOT_REACHED = (
    "Called twice and left a kind voicemail with the on-call line and 988. Nothing in the "
    "check-in points to danger right now; reaching out again first thing tomorrow.",
    "Sent a text and left a voicemail; no answer yet. Nothing in the check-in suggests "
    "immediate danger. Will try again in the morning and at group.",
)
