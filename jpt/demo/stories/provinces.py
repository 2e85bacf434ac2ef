"""The provinces the stories happen in, by their gazetteer names."""

NK, SK, ITURI, HU = "Nord-Kivu", "Sud-Kivu", "Ituri", "Haut-Uele"
