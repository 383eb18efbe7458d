"""The fixed words of the dataset: statuses and groups. No imports, so the
command line can offer them as choices without loading the dataset."""

STATUSES = (
    "detained",
    "sentenced",
    "sentenced_to_death",
    "on_furlough",
    "released",
    "executed",
    "killed",
    "died_in_custody",
    "unknown",
)
# Statuses under which a poster may say the person is imprisoned today.
IMPRISONED_STATUSES = frozenset({"detained", "sentenced", "sentenced_to_death"})
MEMORIAL_STATUSES = frozenset({"executed", "killed", "died_in_custody"})

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
