"""Pages of the missions app: requests (requests.py), missions and their planning
(missions.py), the team roster (team.py), consultations and stakeholders (field.py), and the
list of consultations (consultations.py)."""
