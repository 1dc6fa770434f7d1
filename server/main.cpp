// ml-connector entry point.
int main() { return 0; }
