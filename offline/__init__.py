"""Offline course packs, and the codes that bring work done offline back to the portal.

``pack_building`` makes a course's pack (one self-contained HTML file) and says whether a
trainee's download is out of date; ``pack_links`` points the pack's links at its own sections
and finds the glossary terms a course uses; ``options`` names quiz options in the pack;
``codes`` reads and checks the code the pack makes of the trainee's work; ``receiving`` matches
a code against the course as it is now, scores its answers with ``courses.grading`` and records
them.
"""
