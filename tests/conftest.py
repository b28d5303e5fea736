import sys
from pathlib import Path

# Lets every test directory import the shared document builders as `from builders import ...`.
sys.path.insert(0, str(Path(__file__).parent))
