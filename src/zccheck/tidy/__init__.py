"""`zccheck tidy`: an upload-ready copy of one applicant's materials (section folders, canonical names).

plan.py decides where each file goes (pure); images.py converts HEIC and fits images under the upload limit;
destination.py refuses unsafe destinations; writer.py writes the copy and 整理清单.csv.
"""
