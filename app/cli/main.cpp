// tconv's entry point; everything else is in command_line.cpp.
#include <iostream>

#include "command_line.h"

int main(int argc, char** argv) {
  return cli::run_command_line(argc, argv, std::cout, std::cerr);
}
