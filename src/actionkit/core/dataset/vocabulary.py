"""The fixed words of the dataset: statuses, timeline events and groups. No imports,
so the command line can offer them as choices without loading the dataset."""

# What a person's situation is, derived from their dated events (timeline.py).
STATUSES = (
    "detained",  # in custody, no sentence known
    "sentenced",  # in custody, serving a prison sentence
    "sentenced_to_death",  # in custody, a death sentence in force
    "awaiting_retrial",  # in custody, the sentence (often a death sentence) was quashed
    "on_furlough",  # temporarily out of prison; the sentence still runs
    "on_bail",  # out on bail; the case (or a sentence) still hangs over them
    "released",
    "abroad",  # left the country, or sentenced in absentia
    "whereabouts_unknown",
    "executed",
    "killed",
    "died_in_custody",
    "unknown",  # no dated event yet
)
# Statuses under which a poster may say the person is imprisoned today.
IMPRISONED_STATUSES = frozenset({"detained", "sentenced", "sentenced_to_death", "awaiting_retrial"})
MEMORIAL_STATUSES = frozenset({"executed", "killed", "died_in_custody"})

# Kinds of dated event on a person's timeline.
EVENT_TYPES = (
    "arrest",  # also a re-arrest
    "held",  # a dated report that the person is in custody
    "transfer",  # moved to another prison
    "charge",
    "trial",
    "sentence",
    "appeal_upheld",
    "sentence_quashed",
    "retrial",
    "furlough",
    "return_to_prison",
    "bail",
    "release",
    "sentence_in_absentia",
    "left_country",
    "execution",
    "killed",
    "death_in_custody",
    "whereabouts_unknown",
)

GROUPS = (
    "labor",
    "womens_rights",
    "lawyer",
    "writer",
    "artist",
    "musician",
    "student",
    "journalist",
    "teacher",
    "environmentalist",
    "athlete",
    "dual_national",
    "ethnic_minority",
    "religious_minority",
    "human_rights_defender",
    "filmmaker",
    "protester",
    "academic",
)
